package io.wangge.report.service;

import io.wangge.platform.grid.GridReadModel;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridScope;
import io.wangge.platform.time.ClockProducer;
import io.wangge.report.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Roll-ups of task completion over any subtree and period (tasks due in the period, Asia/Shanghai), from the
 * task facts: exact, since each fact is a task's newest state.
 */
@ApplicationScoped
public class RollupService {

    @Inject
    GridReadModel grid;

    @Inject
    GridScope scope;

    @Inject
    EntityManager entityManager;

    @Inject
    PeriodService periods;

    /** Counts of a set of tasks, with the rates a leader reads. */
    public record Counts(long dispatched, long completed, long completedOnTime, long overdue, long open,
                         long cancelled, double completionRate, double onTimeRate) {
        static Counts of(long dispatched, long completed, long onTime, long overdue, long open, long cancelled) {
            long active = dispatched - cancelled;
            return new Counts(dispatched, completed, onTime, overdue, open, cancelled,
                    active == 0 ? 0 : round((double) completed / active),
                    completed == 0 ? 0 : round((double) onTime / completed));
        }

        private static double round(double rate) {
            return Math.round(rate * 10_000) / 10_000.0;
        }
    }

    /** A child node's share. */
    public record Child(UUID nodeId, String name, String level, Counts counts) {
    }

    /** A roll-up of a node for a period, with a drill-down per child. */
    public record Rollup(UUID nodeId, String nodeName, String period, String category, Counts total,
                         List<Child> children) {
    }

    public GridReadModel.Node visibleNode(UUID nodeId) {
        GridReadModel.Node node = grid.node(nodeId).orElse(null);
        if (node == null || !scope.contains(node.path())) {
            throw ProblemException.notFound("网格", nodeId);
        }
        return node;
    }

    public Rollup rollup(UUID nodeId, String periodId, String category) {
        GridReadModel.Node node = visibleNode(nodeId);
        Period period = periods.resolve(periodId);
        OffsetDateTime start = period.startsOn().atStartOfDay(ClockProducer.ZONE).toOffsetDateTime();
        OffsetDateTime end = period.end().toOffsetDateTime();
        var query = entityManager.createNativeQuery("""
                SELECT CASE WHEN node_id = ?1 THEN NULL
                            ELSE CAST(substring(node_path FROM ?2 FOR 36) AS uuid) END,
                       count(*),
                       count(*) FILTER (WHERE status = 'COMPLETED'),
                       count(*) FILTER (WHERE status = 'COMPLETED' AND on_time),
                       count(*) FILTER (WHERE overdue AND status NOT IN ('COMPLETED', 'CANCELLED')),
                       count(*) FILTER (WHERE status NOT IN ('COMPLETED', 'CANCELLED')),
                       count(*) FILTER (WHERE status = 'CANCELLED')
                  FROM task_fact
                 WHERE node_path >= ?3 AND node_path < ?4
                   AND (CASE WHEN CAST(?8 AS uuid) IS NULL THEN due_at >= ?5 AND due_at < ?6
                             ELSE phase_id = CAST(?8 AS uuid) END)
                   AND (CAST(?7 AS varchar) IS NULL OR category = ?7)
                 GROUP BY 1""")
                .setParameter(1, node.id())
                .setParameter(2, node.path().value().length() + 1)
                .setParameter(3, node.path().value())
                .setParameter(4, node.path().subtreeUpperBound())
                .setParameter(5, start)
                .setParameter(6, end)
                .setParameter(7, category)
                .setParameter(8, period.isPhase()
                        ? UUID.fromString(period.id().substring(Period.PHASE_PREFIX.length())) : null);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        long[] total = new long[6];
        Map<UUID, long[]> perChild = new HashMap<>();
        for (Object[] row : rows) {
            long[] counts = new long[6];
            for (int i = 0; i < 6; i++) {
                counts[i] = ((Number) row[i + 1]).longValue();
                total[i] += counts[i];
            }
            if (row[0] != null) {
                perChild.merge((UUID) row[0], counts, (a, b) -> {
                    for (int i = 0; i < 6; i++) {
                        a[i] += b[i];
                    }
                    return a;
                });
            }
        }
        List<Child> children = new ArrayList<>();
        for (GridReadModel.Node child : children(node.id())) {
            long[] c = perChild.getOrDefault(child.id(), new long[6]);
            children.add(new Child(child.id(), child.name(), child.level(), Counts.of(c[0], c[1], c[2], c[3], c[4],
                    c[5])));
        }
        return new Rollup(node.id(), node.name(), period.id(), category,
                Counts.of(total[0], total[1], total[2], total[3], total[4], total[5]), children);
    }

    /** The active children of a node, by code. */
    public List<GridReadModel.Node> children(UUID nodeId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT id, code, name, level, parent_id, path, depth, status FROM grid_node_view
                         WHERE parent_id = ?1 AND status = 'ACTIVE' ORDER BY code""")
                .setParameter(1, nodeId).getResultList();
        return rows.stream().map(r -> new GridReadModel.Node((UUID) r[0], (String) r[1], (String) r[2],
                (String) r[3], (UUID) r[4], new io.wangge.platform.security.GridPath((String) r[5]),
                ((Number) r[6]).intValue(), (String) r[7])).toList();
    }
}
