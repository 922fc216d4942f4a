package io.wangge.report.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.EventContract;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The roll-up's read model: the newest state of each task from wangge.task. Every task event carries the full
 * state with its version, so an upsert that keeps the higher version is exact under redelivery (the inbox) and
 * under a task's events arriving out of order.
 */
@ApplicationScoped
public class TaskFacts {

    @Inject
    Inbox inbox;

    @Inject
    EntityManager entityManager;

    /** Every task event (each carries the task's full state) and the dispatch of a key-work item's phases. */
    static final Set<String> TYPES = EventContract.load().definitions().keySet().stream()
            .filter(type -> type.startsWith("wangge.task.") || type.equals("wangge.keywork.dispatched.v1"))
            .collect(Collectors.toUnmodifiableSet());

    @Incoming("task")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each("report-service.task", TYPES, this::apply), records);
    }

    void apply(InboundEvent event) {
        if (event.type().equals("wangge.keywork.dispatched.v1")) {
            phases(event.data());
            return;
        }
        JsonNode data = event.data();
        entityManager.createNativeQuery("""
                        INSERT INTO task_fact (task_id, item_id, category, node_id, node_path, status, due_at, overdue,
                                               completed_at, on_time, version, phase_id)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                        ON CONFLICT (task_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at,
                            overdue = EXCLUDED.overdue, completed_at = EXCLUDED.completed_at,
                            on_time = EXCLUDED.on_time, version = EXCLUDED.version
                        WHERE task_fact.version < EXCLUDED.version""")
                .setParameter(1, UUID.fromString(data.path("taskId").asText()))
                .setParameter(2, UUID.fromString(data.path("itemId").asText()))
                .setParameter(3, data.path("category").asText())
                .setParameter(4, UUID.fromString(data.path("nodeId").asText()))
                .setParameter(5, data.path("nodePath").asText())
                .setParameter(6, data.path("status").asText())
                .setParameter(7, OffsetDateTime.parse(data.path("dueAt").asText()))
                .setParameter(8, data.path("overdue").asBoolean())
                .setParameter(9, data.path("completedAt").isTextual()
                        ? OffsetDateTime.parse(data.path("completedAt").asText()) : null)
                .setParameter(10, data.path("onTime").isBoolean() ? data.path("onTime").asBoolean() : null)
                .setParameter(11, data.path("version").asLong())
                .setParameter(12, data.path("phaseId").isTextual() ? UUID.fromString(data.path("phaseId").asText())
                        : null)
                .executeUpdate();
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

    void moved(JsonNode node) {
        entityManager.createNativeQuery("UPDATE task_fact SET node_path = ?1 WHERE node_id = ?2")
                .setParameter(1, node.path("path").asText())
                .setParameter(2, UUID.fromString(node.path("nodeId").asText()))
                .executeUpdate();
    }
}
