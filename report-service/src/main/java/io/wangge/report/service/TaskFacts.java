package io.wangge.report.service;

import io.agroal.api.AgroalDataSource;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.types.TaskTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.time.ClockProducer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

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

/**
 * The roll-up's read model: the newest state of each task from wangge.task, and the counters it adds up to. Every
 * task event carries the full state with its version, so keeping the higher version is exact under redelivery and
 * under a task's events arriving out of order (the inbox need not claim their ids: {@link Inbox.Consumer#versioned});
 * a newer state takes the older one's place in the counters.
 */
@ApplicationScoped
public class TaskFacts {

    @Inject
    EntityManager entityManager;

    @Inject
    RollupCounters counters;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedItems redItems;

    @Inject
    GridReadModel gridView;

    /**
     * What a batch of wangge.task brought: task states (each the task's full state), key-work items dispatched with
     * their phases, and supervisions as they opened or turned red.
     */
    public record Arrived(List<TaskTopic.TaskState> states, List<TaskTopic.KeyWorkDispatched> dispatched,
                          List<TaskTopic.SupervisionState> supervisions) {
    }

    /** Applies a batch in the caller's transaction (the inbox's, or a test's second consumer). */
    public void apply(Arrived arrived) throws SQLException {
        arrived.dispatched().forEach(this::phases);
        // where each grid is now, as this service's read model has it (one query for the batch, its rows held until
        // this batch commits, so a move of them waits and then re-paths what it wrote): a task's first state sent
        // before a move and read after it counts where its grid is
        Map<UUID, GridPath> now = gridView.placesHeld(arrived.states().stream().map(TaskTopic.TaskState::nodeId)
                .collect(java.util.stream.Collectors.toSet()));
        // a supervision counts once, when it turns red or opens red (its deadline already passed); opened yellow,
        // it counts when it turns red
        List<RedItems.Red> reds = new ArrayList<>();
        for (TaskTopic.SupervisionState red : arrived.supervisions()) {
            if ("RED".equals(red.color())) {
                OffsetDateTime at = red.redAt() != null ? red.redAt() : red.occurredAt();
                reds.add(new RedItems.Red(red.supervisionId(), red.subjectType(), red.subjectId(), red.gridNodeId(),
                        new GridPath(red.gridPath()), at.atZoneSameInstant(ClockProducer.ZONE).toLocalDate()));
            }
        }
        // the newest state of each task in the batch: an older one of the same task changes nothing after it
        Map<UUID, TaskTopic.TaskState> newest = new LinkedHashMap<>();
        for (TaskTopic.TaskState state : arrived.states()) {
            newest.merge(state.taskId(), placed(state, now), (kept, next) -> next.version() > kept.version() ? next
                    : kept);
        }
        redItems.count(reds);
        if (newest.isEmpty()) {
            return;
        }
        RollupCounters.Delta delta = counters.delta();
        try (Connection connection = dataSource.getConnection()) {
            // A task's first state is inserted before anything is read, and counted as new only where this insert
            // made the row. Two consumers applying the same task at once (a rebalance hands a partition over
            // mid-batch; the inbox claims no ids here) so wait for each other on the row, and the second reads what
            // the first wrote instead of counting the task again.
            Set<UUID> inserted = write(connection, new ArrayList<>(newest.values()), true);
            List<TaskTopic.TaskState> known = new ArrayList<>(newest.size() - inserted.size());
            for (TaskTopic.TaskState data : newest.values()) {
                if (inserted.contains(data.taskId())) {
                    delta.add(fact(data));
                } else {
                    known.add(data);
                }
            }
            Map<UUID, Object[]> current = current(connection, known.stream().map(TaskTopic.TaskState::taskId)
                    .toList());
            List<TaskTopic.TaskState> changed = new ArrayList<>(known.size());
            for (TaskTopic.TaskState data : known) {
                Object[] old = current.get(data.taskId());
                if (old == null || ((Number) old[7]).longValue() >= data.version()) {
                    continue; // an older state, arriving late (or the row went meanwhile, which facts never do)
                }
                // the row keeps its category, path and phase (a move re-paths it: moved), so the count does too
                delta.remove(fact(old));
                RollupCounters.Fact fact = fact(data);
                delta.add(new RollupCounters.Fact((String) old[0], (String) old[1], fact.status(), fact.overdue(),
                        fact.onTime(), fact.dueAt(), (UUID) old[6]));
                changed.add(data);
            }
            write(connection, changed, false);
        }
        delta.flush();
    }

    /** The task's state at the path its grid has now, when the read model knows the grid. */
    private static TaskTopic.TaskState placed(TaskTopic.TaskState t, Map<UUID, GridPath> now) {
        GridPath path = now.get(t.nodeId());
        return path == null || path.value().equals(t.nodePath()) ? t : new TaskTopic.TaskState(t.taskId(),
                t.itemId(), t.phaseId(), t.title(), t.category(), t.nodeId(), path.value(), t.nodeName(), t.nodeLevel(),
                t.assigneePersonId(), t.assigneeAccountId(), t.status(), t.dueAt(), t.overdue(), t.submittedAt(),
                t.completedAt(), t.onTime(), t.version());
    }

    private static RollupCounters.Fact fact(TaskTopic.TaskState task) {
        return new RollupCounters.Fact(task.category(), task.nodePath(), task.status(), task.overdue(),
                task.onTime(), task.dueAt(), task.phaseId());
    }

    /** The batch's tasks as counted now, locked for this transaction: one statement for the batch. */
    private static Map<UUID, Object[]> current(Connection connection, Collection<UUID> tasks) throws SQLException {
        Map<UUID, Object[]> rows = new HashMap<>();
        if (tasks.isEmpty()) {
            return rows;
        }
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

    /**
     * The states, written in one statement in task order (so that two writers of the same tasks never wait on each
     * other in a cycle). {@code firstOnly}: only tasks without a fact get one, and their ids are returned; otherwise
     * a newer state replaces the fact.
     */
    private static Set<UUID> write(Connection connection, List<TaskTopic.TaskState> states, boolean firstOnly)
            throws SQLException {
        Set<UUID> written = new java.util.HashSet<>();
        if (states.isEmpty()) {
            return written;
        }
        states.sort(java.util.Comparator.comparing(TaskTopic.TaskState::taskId));
        int n = states.size();
        Object[][] columns = new Object[12][n];
        for (int i = 0; i < n; i++) {
            TaskTopic.TaskState task = states.get(i);
            columns[0][i] = task.taskId();
            columns[1][i] = task.itemId();
            columns[2][i] = task.category();
            columns[3][i] = task.nodeId();
            columns[4][i] = task.nodePath();
            columns[5][i] = task.status();
            columns[6][i] = EventTime.format(task.dueAt());
            columns[7][i] = task.overdue();
            columns[8][i] = task.completedAt() == null ? null : EventTime.format(task.completedAt());
            columns[9][i] = task.onTime();
            columns[10][i] = task.version();
            columns[11][i] = task.phaseId();
        }
        String[] types = {"uuid", "uuid", "varchar", "uuid", "varchar", "varchar", "timestamptz", "bool",
            "timestamptz", "bool", "int8", "uuid"};
        String onConflict = firstOnly ? "NOTHING RETURNING task_id" : """
                UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at, overdue = EXCLUDED.overdue,
                    completed_at = EXCLUDED.completed_at, on_time = EXCLUDED.on_time, version = EXCLUDED.version
                WHERE task_fact.version < EXCLUDED.version""";
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO task_fact (task_id, item_id, category, node_id, node_path, status, due_at, overdue,
                                       completed_at, on_time, version, phase_id)
                SELECT * FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (task_id) DO %s""".formatted(onConflict))) {
            for (int c = 0; c < columns.length; c++) {
                upsert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            if (!firstOnly) {
                upsert.executeUpdate();
                return written;
            }
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return written;
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
    private void phases(TaskTopic.KeyWorkDispatched item) {
        for (TaskTopic.Phase phase : item.phases()) {
            entityManager.createNativeQuery("INSERT INTO key_work_phase_view (phase_id, item_id, item_title, name,"
                            + " due_at, dispatched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                            + " ON CONFLICT (phase_id) DO NOTHING")
                    .setParameter(1, phase.phaseId())
                    .setParameter(2, item.itemId())
                    .setParameter(3, item.title())
                    .setParameter(4, phase.name())
                    .setParameter(5, phase.dueAt())
                    .setParameter(6, item.occurredAt())
                    .executeUpdate();
        }
    }

    /**
     * Grids moved: their tasks' facts and their counts go with them, from the old ancestors to the new. The database
     * nets what the moved facts take from each old ancestor and give to each new one (the nodes on both paths keep
     * theirs), per period and category, so a moved county of a million facts returns a counter change per period,
     * category and ancestor above it, not its facts; the facts are then re-pathed in one statement.
     */
    public void moved(GridReadModel.Moved moved, RollupCounters.Delta delta) {
        @SuppressWarnings("unchecked")
        List<Object[]> changes = moved.bind(entityManager.createNativeQuery("""
                        WITH moved AS (
                            SELECT f.category, f.node_path, m.path AS new_path, f.status, f.overdue, f.on_time,
                                   f.due_at, f.phase_id
                              FROM task_fact f JOIN""" + " " + GridReadModel.Moved.NODES + """
                                ON f.node_id = m.id
                             WHERE f.node_path <> m.path
                             ORDER BY f.task_id FOR UPDATE OF f
                        ), signed AS (
                            SELECT -1 AS sign, node_path AS path, new_path AS other, category, status, overdue,
                                   on_time, due_at, phase_id
                              FROM moved
                            UNION ALL
                            SELECT 1, new_path, node_path, category, status, overdue, on_time, due_at, phase_id
                              FROM moved
                        )
                        SELECT p.period_id, CAST(a.node AS uuid), s.category,
                               sum(s.sign),
                               sum(CASE WHEN s.status = 'COMPLETED' THEN s.sign ELSE 0 END),
                               sum(CASE WHEN s.status = 'COMPLETED' AND s.on_time THEN s.sign ELSE 0 END),
                               sum(CASE WHEN s.overdue AND s.status NOT IN ('COMPLETED', 'CANCELLED')
                                        THEN s.sign ELSE 0 END),
                               sum(CASE WHEN s.status NOT IN ('COMPLETED', 'CANCELLED') THEN s.sign ELSE 0 END),
                               sum(CASE WHEN s.status = 'CANCELLED' THEN s.sign ELSE 0 END)
                          FROM signed s
                          CROSS JOIN LATERAL regexp_split_to_table(trim(BOTH '/' FROM s.path), '/') AS a (node)
                          CROSS JOIN LATERAL (VALUES (to_char(s.due_at AT TIME ZONE 'Asia/Shanghai', 'IYYY-"W"IW')),
                                                     (to_char(s.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')),
                                                     ('phase-' || s.phase_id)) AS p (period_id)
                         WHERE p.period_id IS NOT NULL
                           -- a node on both paths (the moved grid and everything below it) keeps its count
                           AND a.node <> ALL (string_to_array(trim(BOTH '/' FROM s.other), '/'))
                         GROUP BY 1, 2, 3""")).getResultList();
        for (Object[] row : changes) {
            long[] change = new long[6];
            for (int i = 0; i < 6; i++) {
                change[i] = ((Number) row[3 + i]).longValue();
            }
            delta.add((String) row[0], (UUID) row[1], (String) row[2], change);
        }
        moved.repath(entityManager, "task_fact", "node_id", "node_path");
    }
}
