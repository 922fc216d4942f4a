package io.wangge.report.service;

import java.util.List;

/**
 * The weekly brief (工作简报) of a place for a period, every figure already worded as it is printed: one model for
 * the page a browser prints and the A4 PDF.
 */
public record Brief(String title, String place, String period, String printedAt, Summary summary, List<Bar> bars,
                    String formula, List<Rank> ranking, List<ActivityLine> activities, List<RedLine> redItems,
                    List<MissingLine> missing) {

    /** The place's own totals. */
    public record Summary(long dispatched, long completed, String completionRate, String onTimeRate, long overdue,
                          long missingReports, long redItems) {
    }

    /** One child's completion rate as a bar: {@code width} is the percentage of the bar's full length. */
    public record Bar(String name, String rate, long width) {
    }

    /** One line of the ranking (观摩评比). */
    public record Rank(int rank, String name, String score, String report, String completionRate, String onTimeRate,
                       long activities, long redItems) {
    }

    /** One kind of work on record at the place in the period. */
    public record ActivityLine(String label, long quantity, String unit, long records) {
    }

    /** A child with red items (督办红牌) in the period. */
    public record RedLine(String name, long redItems) {
    }

    /** A child whose report is still missing. */
    public record MissingLine(String name, String late) {
    }
}
