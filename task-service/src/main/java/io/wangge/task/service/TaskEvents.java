package io.wangge.task.service;

import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.task.KeyWorkItem;
import io.wangge.task.KeyWorkPhase;
import io.wangge.task.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.wangge.platform.events.types.TaskTopic.KEY_WORK_DISPATCHED;
import static io.wangge.platform.events.types.TaskTopic.TASK_DISPATCHED;

/** The events of wangge.task; each task event carries the task's full state, so consumers need no call back. */
@ApplicationScoped
public class TaskEvents {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    /** Records one event per task, after writing pending changes so each carries its new version. */
    public void tasks(String type, List<Task> tasks, String actor, OffsetDateTime at) {
        entityManager.flush();
        outbox.recordAll(tasks.stream()
                .map(task -> OutgoingEvent.of(type, task.id, state(task, actor, at)))
                .toList());
    }

    /**
     * Records a task.dispatched event for every task of the item, built by the database from the task rows (the
     * same state {@link #state} gives), in path order: a dispatch to 100,000 grids holds none of them in memory.
     */
    public void dispatched(UUID itemId, String actor, OffsetDateTime at) {
        outbox.recordFromQuery(TASK_DISPATCHED, """
                SELECT CAST(t.id AS text) AS aggregate_id, json_build_object(
                           'taskId', t.id, 'itemId', t.item_id, 'phaseId', t.phase_id, 'title', t.title,
                           'category', t.category_code, 'nodeId', t.node_id, 'nodePath', t.node_path,
                           'nodeName', t.node_name, 'nodeLevel', t.node_level,
                           'assigneePersonId', t.assignee_person_id, 'assigneeAccountId', t.assignee_account_id,
                           'assigneeName', t.assignee_name, 'status', t.status,
                           'dueAt', %s,
                           'overdue', t.overdue, 'submittedAt', NULL, 'completedAt', NULL, 'onTime', NULL,
                           'verifiedBy', NULL, 'escalatedToNodeId', NULL, 'reason', NULL, 'version', t.version,
                           'actor', CAST(? AS text), 'occurredAt', CAST(? AS text)) #>> '{}' AS payload
                  FROM task t WHERE t.item_id = ? ORDER BY t.node_path, t.due_at""".formatted(EventTime.sql("t.due_at")),
                actor, text(at), itemId);
    }

    public void task(String type, Task task, String actor, OffsetDateTime at) {
        tasks(type, List.of(task), actor, at);
    }

    public void itemDispatched(KeyWorkItem item, List<KeyWorkPhase> phases, String actor, OffsetDateTime at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("itemId", item.id);
        data.put("title", item.title);
        data.put("category", item.categoryCode);
        data.put("scopeNodeIds", item.scopeNodeIds);
        data.put("targetLevel", item.targetLevel);
        data.put("assigneeRole", item.assigneeRole);
        data.put("dueAt", text(item.dueAt));
        data.put("taskCount", item.taskCount);
        data.put("unassignedCount", item.unassignedCount);
        data.put("phases", phases.stream().map(p -> Map.of("phaseId", p.id, "name", p.name,
                "dueAt", text(p.dueAt))).toList());
        data.put("actor", actor);
        data.put("occurredAt", text(at));
        outbox.record(OutgoingEvent.of(KEY_WORK_DISPATCHED, item.id, data));
    }

    static Map<String, Object> state(Task task, String actor, OffsetDateTime at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", task.id);
        data.put("itemId", task.itemId);
        data.put("phaseId", task.phaseId);
        data.put("title", task.title);
        data.put("category", task.categoryCode);
        data.put("nodeId", task.nodeId);
        data.put("nodePath", task.nodePath);
        data.put("nodeName", task.nodeName);
        data.put("nodeLevel", task.nodeLevel);
        data.put("assigneePersonId", task.assigneePersonId);
        data.put("assigneeAccountId", task.assigneeAccountId);
        data.put("assigneeName", task.assigneeName);
        data.put("status", task.status);
        data.put("dueAt", text(task.dueAt));
        data.put("overdue", task.overdue);
        data.put("submittedAt", text(task.submittedAt));
        data.put("completedAt", text(task.completedAt));
        data.put("onTime", task.onTime);
        data.put("verifiedBy", task.verifiedBy);
        data.put("escalatedToNodeId", task.escalatedToNodeId);
        data.put("reason", task.returnReason != null && task.status == io.wangge.task.TaskStatus.RETURNED
                ? task.returnReason : task.escalationReason);
        data.put("version", task.version);
        data.put("actor", actor);
        data.put("occurredAt", text(at));
        return data;
    }

    private static String text(OffsetDateTime at) {
        return EventTime.format(at);
    }
}
