package io.wangge.task;

/** Where a task is in its life cycle. */
public enum TaskStatus {
    DISPATCHED,
    ACCEPTED,
    IN_PROGRESS,
    SUBMITTED,
    COMPLETED,
    RETURNED,
    CANCELLED;

    public boolean isClosed() {
        return this == COMPLETED || this == CANCELLED;
    }
}
