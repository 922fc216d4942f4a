package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridScope;
import io.wangge.report.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Roll-ups of task completion over any subtree and period (tasks due in the period, Asia/Shanghai, or of a
 * key-work phase), read from the counters kept as task events arrive ({@link RollupCounters}): exact, since each
 * task counts as its newest state, and as cheap for a province as for a grid.
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

    /** A child node's share; {@code activities}: the work on record, per kind, in the kind's unit. */
    public record Child(UUID nodeId, String name, String level, Counts counts, Map<String, Long> activities) {
    }

    /** A roll-up of a node for a period, with a drill-down per child. */
    public record Rollup(UUID nodeId, String nodeName, String period, String category, Counts total,
                         Map<String, Long> activities, List<Child> children) {
    }

    @jakarta.inject.Inject
    ActivityService activityCounters;

    public GridReadModel.Node visibleNode(UUID nodeId) {
        GridReadModel.Node node = grid.node(nodeId).orElse(null);
        if (node == null || !scope.contains(node.path())) {
            throw ProblemException.notFound("网格", nodeId);
        }
        return node;
    }

    public Rollup rollup(UUID nodeId, String periodId, String category) {
        return counted(nodeId, periodId, category).rollup();
    }

    /** A roll-up with the activity counters it was built from: per node, per kind, {records, quantity}. */
    public record Counted(Rollup rollup, Map<UUID, Map<io.wangge.report.Activity.Kind, long[]>> activities) {
    }

    /** The roll-up, and the activity counters it read (the ranking counts records, the roll-up shows quantities). */
    public Counted counted(UUID nodeId, String periodId, String category) {
        GridReadModel.Node node = visibleNode(nodeId);
        Period period = periods.resolve(periodId);
        List<GridReadModel.Node> children = children(node.id());
        List<UUID> nodes = new ArrayList<>(children.size() + 1);
        nodes.add(node.id());
        children.forEach(child -> nodes.add(child.id()));
        // the counters kept as events arrived: the node's own row and one per child, never the facts
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT node_id, SUM(dispatched), SUM(completed), SUM(completed_on_time), SUM(overdue),
                               SUM(open), SUM(cancelled)
                          FROM rollup_counter
                         WHERE period_id = ?1 AND node_id IN (?2) AND (CAST(?3 AS varchar) IS NULL OR category = ?3)
                         GROUP BY node_id""")
                .setParameter(1, period.id())
                .setParameter(2, nodes)
                .setParameter(3, category)
                .getResultList();
        Map<UUID, long[]> counts = new HashMap<>();
        for (Object[] row : rows) {
            long[] c = new long[6];
            for (int i = 0; i < 6; i++) {
                c[i] = ((Number) row[i + 1]).longValue();
            }
            counts.put((UUID) row[0], c);
        }
        Map<UUID, Map<io.wangge.report.Activity.Kind, long[]>> recorded = activityCounters.counters(nodes, period.id());
        List<Child> lines = new ArrayList<>();
        for (GridReadModel.Node child : children) {
            lines.add(new Child(child.id(), child.name(), child.level(), counts(counts.get(child.id())),
                    activities(recorded.get(child.id()))));
        }
        return new Counted(new Rollup(node.id(), node.name(), period.id(), category, counts(counts.get(node.id())),
                activities(recorded.get(node.id())), lines), recorded);
    }

    /** The activities on record by kind (their sums in the kind's unit), from the counters. */
    private static Map<String, Long> activities(Map<io.wangge.report.Activity.Kind, long[]> recorded) {
        Map<String, Long> activities = new java.util.TreeMap<>();
        if (recorded != null) {
            recorded.forEach((kind, c) -> activities.put(kind.name(), c[1]));
        }
        return activities;
    }

    private static Counts counts(long[] c) {
        long[] v = c == null ? new long[6] : c;
        return Counts.of(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** The active children of a node, by code. */
    public List<GridReadModel.Node> children(UUID nodeId) {
        return grid.children(nodeId);
    }
}
