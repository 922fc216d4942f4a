package io.wangge.task;

import java.util.EnumSet;
import java.util.Set;

/**
 * What can be done to a task, from which states, and where it leads. ESCALATE and REASSIGN keep the status.
 * Anything else is an illegal transition (409 with the current state).
 */
public enum TaskAction {
    ACCEPT(EnumSet.of(TaskStatus.DISPATCHED), TaskStatus.ACCEPTED, "wangge.task.accepted.v1"),
    START(EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.RETURNED), TaskStatus.IN_PROGRESS, "wangge.task.started.v1"),
    SUBMIT(EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED), TaskStatus.SUBMITTED,
            "wangge.task.submitted.v1"),
    COMPLETE(EnumSet.of(TaskStatus.SUBMITTED), TaskStatus.COMPLETED, "wangge.task.completed.v1"),
    RETURN(EnumSet.of(TaskStatus.SUBMITTED), TaskStatus.RETURNED, "wangge.task.returned.v1"),
    CANCEL(EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED,
            TaskStatus.RETURNED), TaskStatus.CANCELLED, "wangge.task.cancelled.v1"),
    ESCALATE(EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED),
            null, "wangge.task.escalated.v1"),
    REASSIGN(EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED),
            null, "wangge.task.reassigned.v1");

    private final Set<TaskStatus> from;
    private final TaskStatus to;
    private final String eventType;

    TaskAction(Set<TaskStatus> from, TaskStatus to, String eventType) {
        this.from = from;
        this.to = to;
        this.eventType = eventType;
    }

    public boolean allowedFrom(TaskStatus status) {
        return from.contains(status);
    }

    /** The status after the action. */
    public TaskStatus target(TaskStatus current) {
        return to == null ? current : to;
    }

    public String eventType() {
        return eventType;
    }
}
