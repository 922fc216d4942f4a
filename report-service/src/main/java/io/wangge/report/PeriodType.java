package io.wangge.report;

/** The rhythm of reporting: the weekly work-report system by default, monthly summaries beside it. */
public enum PeriodType {
    WEEK,
    MONTH,
    /** A key-work phase: from its dispatch to its due time. */
    PHASE
}
