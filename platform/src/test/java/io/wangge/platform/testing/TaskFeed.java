package io.wangge.platform.testing;

import io.wangge.platform.events.EventTime;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes wangge.task events the way task-service does (full task state, schema-checked), so consumers'
 * tests need only the contract. Each call sends one event; {@link #again} resends an event id (redelivery).
 */
public final class TaskFeed implements AutoCloseable {

    private final GridFeed feed;
    private final Clock clock;

    /** A feed whose events carry times from {@code clock} (the test's injected clock). */
    public TaskFeed(Clock clock) {
        this.clock = clock;
        this.feed = new GridFeed(clock);
    }

    /** Sends the events after this in the trace of {@code traceparent} (null: none). */
    public TaskFeed inTrace(String traceparent) {
        feed.inTrace(traceparent);
        return this;
    }

    /** The state of one task; {@link #version} must grow with each step, as task-service's does. */
    public static final class Task {
        public final UUID taskId = UUID.randomUUID();
        public final UUID itemId;
        public final GridFeed.Node node;
        public final String category;
        public final OffsetDateTime dueAt;
        /** The key-work phase the task belongs to, if any. */
        public UUID phaseId;
        public String status = "DISPATCHED";
        public boolean overdue;
        public Boolean onTime;
        public OffsetDateTime submittedAt;
        public OffsetDateTime completedAt;
        public String assigneeAccountId;
        public UUID assigneePersonId;
        public long version;

        public Task(UUID itemId, GridFeed.Node node, String category, OffsetDateTime dueAt, String assignee) {
            this.itemId = itemId;
            this.node = node;
            this.category = category;
            this.dueAt = dueAt;
            this.assigneeAccountId = assignee;
            this.assigneePersonId = assignee == null ? null
                    : UUID.nameUUIDFromBytes(("person:" + assignee).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Publishes the task's current state as an event of the type; returns the event id. */
    public String publish(String type, Task task) {
        return feed.send(type, task.taskId, state(task), UUID.randomUUID().toString());
    }

    /** Publishes the task states as events of the type without waiting for each (benchmarks), then flushes. */
    public void publishAll(String type, java.util.List<Task> tasks) {
        for (Task task : tasks) {
            feed.sendLater(type, task.taskId, state(task), UUID.randomUUID().toString());
        }
        feed.flush();
    }

    /**
     * Publishes task-service's {@code supervision.turned-red} for the task, red at its grid at {@code redAt}, under a
     * new event id (pass the same supervision id again for a second copy of the same fact).
     */
    public void turnedRed(UUID supervisionId, Task task, OffsetDateTime redAt) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("supervisionId", supervisionId);
        data.put("subjectType", "TASK");
        data.put("subjectId", task.taskId);
        data.put("title", "督办：" + task.node.name());
        data.put("category", task.category);
        data.put("gridNodeId", task.node.id());
        data.put("gridPath", task.node.path());
        data.put("nodeId", task.node.id());
        data.put("nodeName", task.node.name());
        data.put("nodeLevel", task.node.level());
        data.put("origin", "AUTO");
        data.put("color", "RED");
        data.put("status", "OPEN");
        data.put("deadlineAt", EventTime.format(task.dueAt));
        data.put("redAt", EventTime.format(redAt));
        data.put("climbs", 0);
        data.put("openedBy", "system");
        data.put("openedAt", EventTime.format(task.dueAt.minusDays(1)));
        data.put("version", 2);
        data.put("actor", "system");
        data.put("occurredAt", EventTime.format(redAt));
        feed.send("wangge.supervision.turned-red.v1", supervisionId, data, UUID.randomUUID().toString());
    }

    /** Publishes the same state under an event id already used (a redelivery). */
    public void again(String type, Task task, String eventId) {
        feed.send(type, task.taskId, state(task), eventId);
    }

    /** Captures the task's state now, to be published later (out of order). */
    public Runnable later(String type, Task task) {
        Map<String, Object> state = state(task);
        String eventId = UUID.randomUUID().toString();
        return () -> feed.send(type, task.taskId, state, eventId);
    }

    public String dispatched(Task task) {
        return publish("wangge.task.dispatched.v1", task);
    }

    /** Submits and completes the task at {@code at}, publishing both steps. */
    public String complete(Task task, OffsetDateTime at, String verifier) {
        task.status = "SUBMITTED";
        task.submittedAt = at;
        task.version++;
        publish("wangge.task.submitted.v1", task);
        task.status = "COMPLETED";
        task.completedAt = at;
        task.onTime = !at.isAfter(task.dueAt);
        task.version++;
        Map<String, Object> state = state(task);
        state.put("verifiedBy", verifier);
        return feed.send("wangge.task.completed.v1", task.taskId, state, UUID.randomUUID().toString());
    }

    public String overdue(Task task) {
        task.overdue = true;
        task.version++;
        return publish("wangge.task.overdue.v1", task);
    }

    /**
     * The event a consumer would be handed for {@code task}'s current state, without going through Kafka: for tests
     * that apply the same events twice at once, as two consumers do for a moment when a partition changes hands.
     */
    public io.wangge.platform.events.InboundEvent inbound(String type, Task task) {
        return new io.wangge.platform.events.InboundEvent(UUID.randomUUID().toString(), type,
                io.wangge.platform.events.types.TaskTopic.OWNER, task.taskId.toString(), OffsetDateTime.now(clock),
                task.taskId.toString(), io.wangge.platform.events.types.TaskTopic.TOPIC,
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(state(task)));
    }

    private Map<String, Object> state(Task task) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", task.taskId);
        data.put("itemId", task.itemId);
        data.put("phaseId", task.phaseId);
        data.put("title", "测试任务");
        data.put("category", task.category);
        data.put("nodeId", task.node.id());
        data.put("nodePath", task.node.path());
        data.put("nodeName", task.node.name());
        data.put("nodeLevel", task.node.level());
        data.put("assigneePersonId", task.assigneePersonId);
        data.put("assigneeAccountId", task.assigneeAccountId);
        data.put("assigneeName", task.assigneeAccountId == null ? null : "网格员");
        data.put("status", task.status);
        data.put("dueAt", EventTime.format(task.dueAt));
        data.put("overdue", task.overdue);
        data.put("submittedAt", EventTime.format(task.submittedAt));
        data.put("completedAt", EventTime.format(task.completedAt));
        data.put("onTime", task.onTime);
        data.put("verifiedBy", task.completedAt == null ? null : "village-cadre");
        data.put("escalatedToNodeId", null);
        data.put("reason", null);
        data.put("version", task.version);
        data.put("actor", "task-feed");
        data.put("occurredAt", EventTime.format(OffsetDateTime.now(clock)));
        return data;
    }

    @Override
    public void close() {
        feed.close();
    }
}
