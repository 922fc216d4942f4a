package io.wangge.platform.events.types;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code wangge.task}, published by task-service: dispatches, every step of a task's life, residents' cases, and the
 * supervision (督办) of both.
 */
public final class TaskTopic {

    public static final String TOPIC = "wangge.task";
    public static final String OWNER = "/wangge/task-service";

    public static final String TASK_DISPATCHED = "wangge.task.dispatched.v1";
    public static final String TASK_ACCEPTED = "wangge.task.accepted.v1";
    public static final String TASK_STARTED = "wangge.task.started.v1";
    public static final String TASK_SUBMITTED = "wangge.task.submitted.v1";
    public static final String TASK_COMPLETED = "wangge.task.completed.v1";
    public static final String TASK_RETURNED = "wangge.task.returned.v1";
    public static final String TASK_OVERDUE = "wangge.task.overdue.v1";
    public static final String TASK_ESCALATED = "wangge.task.escalated.v1";
    public static final String TASK_CANCELLED = "wangge.task.cancelled.v1";
    public static final String TASK_REASSIGNED = "wangge.task.reassigned.v1";
    public static final String KEY_WORK_DISPATCHED = "wangge.keywork.dispatched.v1";
    public static final String CASE_REPORTED = "wangge.case.reported.v1";
    public static final String CASE_CLOSED = "wangge.case.closed.v1";
    public static final String CASE_REGISTERED = "wangge.case.registered.v1";
    public static final String CASE_DISPATCHED = "wangge.case.dispatched.v1";
    public static final String CASE_HANDLED = "wangge.case.handled.v1";
    public static final String CASE_VERIFIED = "wangge.case.verified.v1";
    public static final String CASE_RETURNED = "wangge.case.returned.v1";
    public static final String CASE_ESCALATED = "wangge.case.escalated.v1";
    public static final String CASE_REOPENED = "wangge.case.reopened.v1";
    public static final String CASE_FOLLOWED_UP = "wangge.case.followed-up.v1";
    public static final String SUPERVISION_OPENED = "wangge.supervision.opened.v1";
    public static final String SUPERVISION_TURNED_RED = "wangge.supervision.turned-red.v1";
    public static final String SUPERVISION_ESCALATED = "wangge.supervision.escalated.v1";
    public static final String SUPERVISION_HANDLED = "wangge.supervision.handled.v1";
    public static final String SUPERVISION_CLOSED = "wangge.supervision.closed.v1";
    /** A reminder raised for people (due soon, overdue, escalated, supervised); a channel other than the webhook
     *  can deliver it from this event. */
    public static final String NOTICE_RAISED = "wangge.notice.raised.v1";

    /** Every task event: each carries the task's full state after the step ({@link TaskState}). */
    public static final Set<String> TASK_STATES = Set.of(TASK_DISPATCHED, TASK_ACCEPTED, TASK_STARTED,
            TASK_SUBMITTED, TASK_COMPLETED, TASK_RETURNED, TASK_OVERDUE, TASK_ESCALATED, TASK_CANCELLED,
            TASK_REASSIGNED);

    private TaskTopic() {
    }

    /** A task's state after a step; {@code version} grows with every step, so the higher one is the newer. */
    public record TaskState(UUID taskId, UUID itemId, UUID phaseId, String title, String category, UUID nodeId,
                            String nodePath, String nodeName, String nodeLevel, UUID assigneePersonId,
                            String assigneeAccountId, String status, OffsetDateTime dueAt, boolean overdue,
                            OffsetDateTime submittedAt, OffsetDateTime completedAt, Boolean onTime, long version) {
    }

    /**
     * A supervision (督办) of a task or case as it is now, with what its readers need: the subject, the grid it is
     * at ({@code gridPath}, ids from the root down), its colour and when it turned red. The payload carries more
     * (the level holding it, the responsible person, the follow-up).
     */
    public record SupervisionState(UUID supervisionId, String subjectType, UUID subjectId, String category,
                                   UUID gridNodeId, String gridPath, String color, String status,
                                   OffsetDateTime redAt, OffsetDateTime occurredAt, long version) {
    }

    /** A key-work item cast to its grids, with the phases that become reporting periods. */
    public record KeyWorkDispatched(UUID itemId, String title, String category, OffsetDateTime dueAt,
                                    List<Phase> phases, OffsetDateTime occurredAt) {

        public KeyWorkDispatched {
            phases = phases == null ? List.of() : List.copyOf(phases);
        }
    }

    /** One phase of a key-work item. */
    public record Phase(UUID phaseId, String name, OffsetDateTime dueAt) {
    }
}
