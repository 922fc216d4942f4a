package io.wangge.task;

import io.wangge.platform.events.types.TaskTopic;

import java.util.EnumSet;
import java.util.Set;

/**
 * What can be done to a task, from which states, and where it leads. ESCALATE and REASSIGN keep the status.
 * Anything else is an illegal transition (409 with the current state).
 */
public enum TaskAction {
    ACCEPT(EnumSet.of(TaskStatus.DISPATCHED), TaskStatus.ACCEPTED, TaskTopic.TASK_ACCEPTED),
    START(EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.RETURNED), TaskStatus.IN_PROGRESS, TaskTopic.TASK_STARTED),
    SUBMIT(EnumSet.of(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED), TaskStatus.SUBMITTED,
            TaskTopic.TASK_SUBMITTED),
    COMPLETE(EnumSet.of(TaskStatus.SUBMITTED), TaskStatus.COMPLETED, TaskTopic.TASK_COMPLETED),
    RETURN(EnumSet.of(TaskStatus.SUBMITTED), TaskStatus.RETURNED, TaskTopic.TASK_RETURNED),
    CANCEL(EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED,
            TaskStatus.RETURNED), TaskStatus.CANCELLED, TaskTopic.TASK_CANCELLED),
    ESCALATE(EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED),
            null, TaskTopic.TASK_ESCALATED),
    REASSIGN(EnumSet.of(TaskStatus.DISPATCHED, TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED),
            null, TaskTopic.TASK_REASSIGNED);

    private final Set<TaskStatus> from;
    private final TaskStatus to;
    private final String eventType;

    TaskAction(Set<TaskStatus> from, TaskStatus to, String eventType) {
        this.from = from;
        this.to = to;
        this.eventType = eventType;
    }

    /** The states this action may be taken from. */
    public Set<TaskStatus> from() {
        return from;
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
