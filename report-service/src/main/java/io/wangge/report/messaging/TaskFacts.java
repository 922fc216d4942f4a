package io.wangge.report.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Inject
    AgroalDataSource dataSource;

    private final Inbox.Consumer consumer = new Inbox.Consumer("report-service.task", TYPES, this::apply);

    @Incoming("task")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) throws SQLException {
        // the newest state of each task in the batch: an older one of the same task changes nothing after it
        Map<UUID, JsonNode> newest = new LinkedHashMap<>();
        for (InboundEvent event : events) {
            if (event.type().equals("wangge.keywork.dispatched.v1")) {
                phases(event.data());
                continue;
            }
            JsonNode data = event.data();
            newest.merge(UUID.fromString(data.path("taskId").asText()), data,
                    (kept, next) -> next.path("version").asLong() > kept.path("version").asLong() ? next : kept);
        }
        if (newest.isEmpty()) {
            return;
        }
        RollupCounters.Delta delta = counters.delta();
        try (Connection connection = dataSource.getConnection()) {
            Map<UUID, Object[]> current = current(connection, newest.keySet());
            List<JsonNode> changed = new ArrayList<>(newest.size());
            for (Map.Entry<UUID, JsonNode> task : newest.entrySet()) {
                JsonNode data = task.getValue();
                Object[] old = current.get(task.getKey());
                if (old != null && ((Number) old[7]).longValue() >= data.path("version").asLong()) {
                    continue; // an older state, arriving late
                }
                RollupCounters.Fact fact = fact(data);
                if (old != null) {
                    // the row keeps its category, path and phase (a move re-paths it: moved), so the count does too
                    delta.remove(fact(old));
                    fact = new RollupCounters.Fact((String) old[0], (String) old[1], fact.status(), fact.overdue(),
                            fact.onTime(), fact.dueAt(), (UUID) old[6]);
                }
                delta.add(fact);
                changed.add(data);
            }
            upsert(connection, changed);
        }
        delta.flush();
    }

    private static RollupCounters.Fact fact(JsonNode data) {
        return new RollupCounters.Fact(data.path("category").asText(), data.path("nodePath").asText(),
                data.path("status").asText(), data.path("overdue").asBoolean(),
                data.path("onTime").isBoolean() ? data.path("onTime").asBoolean() : null,
                OffsetDateTime.parse(data.path("dueAt").asText()),
                data.path("phaseId").isTextual() ? UUID.fromString(data.path("phaseId").asText()) : null);
    }

    /** The batch's tasks as counted now, locked for this transaction: one statement for the batch. */
    private static Map<UUID, Object[]> current(Connection connection, Collection<UUID> tasks) throws SQLException {
        Map<UUID, Object[]> rows = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT task_id, category, node_path, status, overdue, on_time, due_at, phase_id, version
                  FROM task_fact WHERE task_id = ANY (?) ORDER BY task_id FOR UPDATE""")) {
            select.setArray(1, connection.createArrayOf("uuid", tasks.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getObject(1, UUID.class), new Object[] {rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getBoolean(5), (Boolean) rs.getObject(6),
                            rs.getObject(7, OffsetDateTime.class), rs.getObject(8, UUID.class), rs.getLong(9)});
                }
            }
        }
        return rows;
    }

    /** The newer states, written in one statement; a first state inserts the task's fact. */
    private static void upsert(Connection connection, List<JsonNode> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        int n = states.size();
        Object[][] columns = new Object[12][n];
        for (int i = 0; i < n; i++) {
            JsonNode data = states.get(i);
            columns[0][i] = UUID.fromString(data.path("taskId").asText());
            columns[1][i] = UUID.fromString(data.path("itemId").asText());
            columns[2][i] = data.path("category").asText();
            columns[3][i] = UUID.fromString(data.path("nodeId").asText());
            columns[4][i] = data.path("nodePath").asText();
            columns[5][i] = data.path("status").asText();
            columns[6][i] = OffsetDateTime.parse(data.path("dueAt").asText()).toString();
            columns[7][i] = data.path("overdue").asBoolean();
            columns[8][i] = data.path("completedAt").isTextual() ? data.path("completedAt").asText() : null;
            columns[9][i] = data.path("onTime").isBoolean() ? data.path("onTime").asBoolean() : null;
            columns[10][i] = data.path("version").asLong();
            columns[11][i] = data.path("phaseId").isTextual() ? UUID.fromString(data.path("phaseId").asText()) : null;
        }
        String[] types = {"uuid", "uuid", "varchar", "uuid", "varchar", "varchar", "timestamptz", "bool",
            "timestamptz", "bool", "int8", "uuid"};
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO task_fact (task_id, item_id, category, node_id, node_path, status, due_at, overdue,
                                       completed_at, on_time, version, phase_id)
                SELECT * FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (task_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at,
                    overdue = EXCLUDED.overdue, completed_at = EXCLUDED.completed_at,
                    on_time = EXCLUDED.on_time, version = EXCLUDED.version
                WHERE task_fact.version < EXCLUDED.version""")) {
            for (int c = 0; c < columns.length; c++) {
                upsert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            upsert.executeUpdate();
        }
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
    void moved(UUID nodeId, String path, RollupCounters.Delta delta) {
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
