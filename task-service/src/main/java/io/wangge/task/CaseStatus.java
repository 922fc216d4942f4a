package io.wangge.task;

/** The digital city-management flow of a resident's case, with its side states. */
public enum CaseStatus {
    REPORTED,
    REGISTERED,
    DISPATCHED,
    HANDLED,
    VERIFIED,
    CLOSED,
    RETURNED,
    ESCALATED,
    NOT_RESPONSIBLE;

    public boolean isClosed() {
        return this == CLOSED || this == NOT_RESPONSIBLE;
    }
}
