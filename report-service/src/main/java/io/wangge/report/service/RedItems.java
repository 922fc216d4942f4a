package io.wangge.report.service;

import io.agroal.api.AgroalDataSource;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.security.GridPath;
import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The red items (督办红牌) of the net, counted per node and calendar period as they turn red, for the ranking
 * (观摩评比): an item counts once for its grid and each ancestor, in the week and the month of the day it turned
 * red. Turning red happens once per supervision, so counting is idempotent on the supervision's id.
 */
@ApplicationScoped
public class RedItems {

    /** A supervision that turned red, at its grid, on a day in Asia/Shanghai. */
    public record Red(UUID supervisionId, String subjectType, UUID subjectId, UUID gridNodeId, GridPath gridPath,
                      LocalDate redOn) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager entityManager;

    /** Counts each item once (a redelivered one, or one already counted, changes nothing). */
    public void count(List<Red> reds) throws SQLException {
        if (reds.isEmpty()) {
            return;
        }
        // counted where the read model has the grid now (a move may have overtaken the event), else where it says
        Map<UUID, String> fresh = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO red_item (supervision_id, subject_type, subject_id, grid_node_id, grid_path, red_on)
                     SELECT u.s, u.t, u.sub, u.g, COALESCE(%s, u.p), u.d
                       FROM unnest(?, ?, ?, ?, ?, ?) AS u(s, t, sub, g, p, d)
                     ON CONFLICT (supervision_id) DO NOTHING RETURNING supervision_id, grid_path"""
                     .formatted(GridReadModel.pathSql("u.g")))) {
            int n = reds.size();
            Object[][] columns = new Object[6][n];
            for (int i = 0; i < n; i++) {
                Red red = reds.get(i);
                columns[0][i] = red.supervisionId();
                columns[1][i] = red.subjectType();
                columns[2][i] = red.subjectId();
                columns[3][i] = red.gridNodeId();
                columns[4][i] = red.gridPath().value();
                columns[5][i] = java.sql.Date.valueOf(red.redOn());
            }
            String[] types = {"uuid", "varchar", "uuid", "uuid", "varchar", "date"};
            for (int c = 0; c < types.length; c++) {
                insert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    fresh.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        Map<Key, Long> changes = new TreeMap<>();
        for (Red red : reds) {
            String path = fresh.remove(red.supervisionId());
            if (path != null) {
                add(changes, new GridPath(path), red.redOn(), 1);
            }
        }
        flush(changes);
    }

    /** Moved grids' red items count for their new ancestors from now on, and no longer for the old. */
    public void moved(io.wangge.gridview.GridReadModel.Moved moved) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = moved.bind(entityManager.createNativeQuery("""
                        SELECT r.grid_path, r.red_on, m.path
                          FROM red_item r JOIN""" + " " + io.wangge.gridview.GridReadModel.Moved.NODES + """
                             ON r.grid_node_id = m.id
                         WHERE r.grid_path <> m.path ORDER BY r.supervision_id FOR UPDATE OF r""")).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Map<Key, Long> changes = new TreeMap<>();
        for (Object[] row : rows) {
            LocalDate day = row[1] instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) row[1];
            add(changes, new GridPath((String) row[0]), day, -1);
            add(changes, new GridPath((String) row[2]), day, 1);
        }
        moved.repath(entityManager, "red_item", "grid_node_id", "grid_path");
        entityManager.flush();
        try {
            flush(changes);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the red items of " + moved.paths().size() + " grids", e);
        }
    }

    /** The red items of each node's subtree in a calendar period (none are counted for a key-work phase). */
    public Map<UUID, Long> of(Collection<UUID> nodes, String periodId) {
        Map<UUID, Long> reds = new HashMap<>();
        if (nodes.isEmpty()) {
            return reds;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT node_id, reds FROM red_counter
                         WHERE period_id = ?1 AND node_id = ANY (CAST(?2 AS uuid[]))""")
                .setParameter(1, periodId)
                .setParameter(2, nodes.stream().map(UUID::toString).toArray(String[]::new))
                .getResultList();
        for (Object[] row : rows) {
            reds.put((UUID) row[0], ((Number) row[1]).longValue());
        }
        return reds;
    }

    private record Key(String periodId, UUID nodeId) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int c = periodId.compareTo(other.periodId);
            return c != 0 ? c : nodeId.compareTo(other.nodeId);
        }
    }

    private static void add(Map<Key, Long> changes, GridPath path, LocalDate day, long sign) {
        for (PeriodType type : List.of(PeriodType.WEEK, PeriodType.MONTH)) {
            String period = Period.containing(day, type).id();
            for (UUID node : path.ids()) {
                changes.merge(new Key(period, node), sign, Long::sum);
            }
        }
    }

    /** Writes the changes in one statement, in key order (two writers never wait on each other in a cycle). */
    private void flush(Map<Key, Long> changes) throws SQLException {
        changes.values().removeIf(v -> v == 0);
        if (changes.isEmpty()) {
            return;
        }
        List<String> periods = new ArrayList<>(changes.size());
        List<UUID> nodes = new ArrayList<>(changes.size());
        List<Long> reds = new ArrayList<>(changes.size());
        changes.forEach((key, value) -> {
            periods.add(key.periodId());
            nodes.add(key.nodeId());
            reds.add(value);
        });
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO red_counter (period_id, node_id, reds) SELECT * FROM unnest(?, ?, ?)
                     ON CONFLICT (period_id, node_id) DO UPDATE SET reds = red_counter.reds + EXCLUDED.reds""")) {
            upsert.setArray(1, connection.createArrayOf("varchar", periods.toArray()));
            upsert.setArray(2, connection.createArrayOf("uuid", nodes.toArray()));
            upsert.setArray(3, connection.createArrayOf("int8", reds.toArray()));
            upsert.executeUpdate();
        }
    }
}
