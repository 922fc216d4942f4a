package io.wangge.report.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.EventContract;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.inbox.Inbox;
import io.wangge.report.service.RollupCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The roll-up's read model: the newest state of each task from wangge.task, and the counters it adds up to. Every
 * task event carries the full state with its version, so keeping the higher version is exact under redelivery (the
 * inbox) and under a task's events arriving out of order; a newer state takes the older one's place in the counters.
 */
@ApplicationScoped
public class TaskFacts {

    /** Every task event (each carries the task's full state) and the dispatch of a key-work item's phases. */
    static final Set<String> TYPES = EventContract.load().definitions().keySet().stream()
            .filter(type -> type.startsWith("wangge.task.") || type.equals("wangge.keywork.dispatched.v1"))
            .collect(Collectors.toUnmodifiableSet());

    @Inject
    Inbox inbox;

    @Inject
    EntityManager entityManager;

    @Inject
    RollupCounters counters;

    private final Inbox.Consumer consumer = new Inbox.Consumer("report-service.task", TYPES, this::apply);

    @Incoming("task")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) {
        RollupCounters.Delta delta = counters.delta();
        for (InboundEvent event : events) {
            if (event.type().equals("wangge.keywork.dispatched.v1")) {
                phases(event.data());
            } else {
                task(event.data(), delta);
            }
        }
        delta.flush();
    }

    private void task(JsonNode data, RollupCounters.Delta delta) {
        UUID taskId = UUID.fromString(data.path("taskId").asText());
        long version = data.path("version").asLong();
        Object[] old = current(taskId);
        if (old != null && ((Number) old[7]).longValue() >= version) {
            return; // an older state, arriving late
        }
        RollupCounters.Fact fact = new RollupCounters.Fact(data.path("category").asText(),
                data.path("nodePath").asText(), data.path("status").asText(), data.path("overdue").asBoolean(),
                data.path("onTime").isBoolean() ? data.path("onTime").asBoolean() : null,
                OffsetDateTime.parse(data.path("dueAt").asText()),
                data.path("phaseId").isTextual() ? UUID.fromString(data.path("phaseId").asText()) : null);
        entityManager.createNativeQuery("""
                        INSERT INTO task_fact (task_id, item_id, category, node_id, node_path, status, due_at, overdue,
                                               completed_at, on_time, version, phase_id)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                        ON CONFLICT (task_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at,
                            overdue = EXCLUDED.overdue, completed_at = EXCLUDED.completed_at,
                            on_time = EXCLUDED.on_time, version = EXCLUDED.version""")
                .setParameter(1, taskId)
                .setParameter(2, UUID.fromString(data.path("itemId").asText()))
                .setParameter(3, fact.category())
                .setParameter(4, UUID.fromString(data.path("nodeId").asText()))
                .setParameter(5, fact.nodePath())
                .setParameter(6, fact.status())
                .setParameter(7, fact.dueAt())
                .setParameter(8, fact.overdue())
                .setParameter(9, data.path("completedAt").isTextual()
                        ? OffsetDateTime.parse(data.path("completedAt").asText()) : null)
                .setParameter(10, fact.onTime())
                .setParameter(11, version)
                .setParameter(12, fact.phaseId())
                .executeUpdate();
        if (old != null) {
            // the row keeps its category, path and phase (a move re-paths it: moved), so the count does too
            delta.remove(fact(old));
            fact = new RollupCounters.Fact((String) old[0], (String) old[1], fact.status(), fact.overdue(),
                    fact.onTime(), fact.dueAt(), (UUID) old[6]);
        }
        delta.add(fact);
    }

    /** The task's counted state, locked for this batch: category, path, status, overdue, on time, due, phase, version. */
    private Object[] current(UUID taskId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT category, node_path, status, overdue, on_time, due_at, phase_id, version
                          FROM task_fact WHERE task_id = ?1 FOR UPDATE""")
                .setParameter(1, taskId).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static RollupCounters.Fact fact(Object[] row) {
        return new RollupCounters.Fact((String) row[0], (String) row[1], (String) row[2], (Boolean) row[3],
                (Boolean) row[4], offset(row[5]), (UUID) row[6]);
    }

    private static OffsetDateTime offset(Object value) {
        return value instanceof OffsetDateTime at ? at
                : ((java.time.Instant) value).atOffset(java.time.ZoneOffset.UTC);
    }

    /** A dispatched item's phases become reporting periods. */
    private void phases(JsonNode item) {
        for (JsonNode phase : item.path("phases")) {
            entityManager.createNativeQuery("INSERT INTO key_work_phase_view (phase_id, item_id, item_title, name,"
                            + " due_at, dispatched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                            + " ON CONFLICT (phase_id) DO NOTHING")
                    .setParameter(1, UUID.fromString(phase.path("phaseId").asText()))
                    .setParameter(2, UUID.fromString(item.path("itemId").asText()))
                    .setParameter(3, item.path("title").asText())
                    .setParameter(4, phase.path("name").asText())
                    .setParameter(5, OffsetDateTime.parse(phase.path("dueAt").asText()))
                    .setParameter(6, OffsetDateTime.parse(item.path("occurredAt").asText()))
                    .executeUpdate();
        }
    }

    /** A grid moved: its tasks' facts and their counts go with it, from the old ancestors to the new. */
    void moved(JsonNode node, RollupCounters.Delta delta) {
        UUID nodeId = UUID.fromString(node.path("nodeId").asText());
        String path = node.path("path").asText();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT category, node_path, status, overdue, on_time, due_at, phase_id, version
                          FROM task_fact WHERE node_id = ?1 AND node_path <> ?2 FOR UPDATE""")
                .setParameter(1, nodeId).setParameter(2, path).getResultList();
        for (Object[] row : rows) {
            RollupCounters.Fact before = fact(row);
            delta.remove(before);
            delta.add(new RollupCounters.Fact(before.category(), path, before.status(), before.overdue(),
                    before.onTime(), before.dueAt(), before.phaseId()));
        }
        entityManager.createNativeQuery("UPDATE task_fact SET node_path = ?1 WHERE node_id = ?2")
                .setParameter(1, path)
                .setParameter(2, nodeId)
                .executeUpdate();
    }
}
