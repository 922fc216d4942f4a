package io.wangge.report.service;

import io.agroal.api.AgroalDataSource;
import io.wangge.platform.time.ClockProducer;
import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The roll-up counters ({@code rollup_counter}): what each task contributes to each of its grid's ancestors
 * (itself included) in each of its periods (the ISO week and the month of its due day in Asia/Shanghai, and its
 * key-work phase) and its category. A consumer collects the changes of a batch in a {@link Delta} and writes them
 * in one statement, in key order (so that two consumers never wait on each other in a cycle).
 */
@ApplicationScoped
public class RollupCounters {

    /** The counted state of a task: enough to know its contribution and where it goes. */
    public record Fact(String category, String nodePath, String status, boolean overdue, Boolean onTime,
                       OffsetDateTime dueAt, UUID phaseId) {

        long[] contribution() {
            boolean completed = "COMPLETED".equals(status);
            boolean cancelled = "CANCELLED".equals(status);
            boolean open = !completed && !cancelled;
            return new long[] {1, completed ? 1 : 0, completed && Boolean.TRUE.equals(onTime) ? 1 : 0,
                    overdue && open ? 1 : 0, open ? 1 : 0, cancelled ? 1 : 0};
        }

        LocalDate dueDay() {
            return dueAt.atZoneSameInstant(ClockProducer.ZONE).toLocalDate();
        }
    }

    /** The week and the month of a due day. */
    private static List<String> calendarPeriods(LocalDate due) {
        return List.of(Period.containing(due, PeriodType.WEEK).id(), Period.containing(due, PeriodType.MONTH).id());
    }

    /** The grid of a path and each of its ancestors. */
    private static List<UUID> nodes(String path) {
        List<UUID> nodes = new ArrayList<>();
        for (String id : path.split("/")) {
            if (!id.isEmpty()) {
                nodes.add(UUID.fromString(id));
            }
        }
        return nodes;
    }

    private record Key(String periodId, UUID nodeId, String category) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int c = periodId.compareTo(other.periodId);
            if (c == 0) {
                c = nodeId.compareTo(other.nodeId);
            }
            return c != 0 ? c : category.compareTo(other.category);
        }
    }

    /** The changes of one batch, written by {@link #flush}. */
    public final class Delta {

        private final Map<Key, long[]> changes = new TreeMap<>();
        // a batch's tasks share few due days and few grids: each is worked out once per batch
        private final Map<LocalDate, List<String>> periodsOfDay = new HashMap<>();
        private final Map<String, List<UUID>> nodesOfPath = new HashMap<>();

        /** A task's fact leaves its old state (or place). */
        public void remove(Fact fact) {
            add(fact, -1);
        }

        /** A task's fact takes its new state (or place). */
        public void add(Fact fact) {
            add(fact, 1);
        }

        private void add(Fact fact, int sign) {
            long[] contribution = fact.contribution();
            List<UUID> nodes = nodesOfPath.computeIfAbsent(fact.nodePath(), RollupCounters::nodes);
            for (String period : periodsOfDay.computeIfAbsent(fact.dueDay(), RollupCounters::calendarPeriods)) {
                add(period, nodes, fact.category(), contribution, sign);
            }
            if (fact.phaseId() != null) {
                add(Period.PHASE_PREFIX + fact.phaseId(), nodes, fact.category(), contribution, sign);
            }
        }

        /** A change already summed (dispatched, completed, on time, overdue, open, cancelled) to one counter. */
        public void add(String period, UUID node, String category, long[] change) {
            add(period, List.of(node), category, change, 1);
        }

        private void add(String period, List<UUID> nodes, String category, long[] contribution, int sign) {
            for (UUID node : nodes) {
                long[] sum = changes.computeIfAbsent(new Key(period, node, category), k -> new long[6]);
                for (int i = 0; i < 6; i++) {
                    sum[i] += sign * contribution[i];
                }
            }
        }

        /** Writes the batch's changes in one statement, inside the caller's transaction. */
        public void flush() {
            changes.values().removeIf(sum -> java.util.Arrays.stream(sum).allMatch(v -> v == 0));
            if (changes.isEmpty()) {
                return;
            }
            int n = changes.size();
            String[] periods = new String[n];
            UUID[] nodes = new UUID[n];
            String[] categories = new String[n];
            Long[][] columns = new Long[6][n];
            int row = 0;
            for (Map.Entry<Key, long[]> change : changes.entrySet()) {
                periods[row] = change.getKey().periodId();
                nodes[row] = change.getKey().nodeId();
                categories[row] = change.getKey().category();
                for (int i = 0; i < 6; i++) {
                    columns[i][row] = change.getValue()[i];
                }
                row++;
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement upsert = connection.prepareStatement("""
                         INSERT INTO rollup_counter (period_id, node_id, category, dispatched, completed,
                                                     completed_on_time, overdue, open, cancelled)
                         SELECT * FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)
                         ON CONFLICT (period_id, node_id, category) DO UPDATE SET
                             dispatched = rollup_counter.dispatched + EXCLUDED.dispatched,
                             completed = rollup_counter.completed + EXCLUDED.completed,
                             completed_on_time = rollup_counter.completed_on_time + EXCLUDED.completed_on_time,
                             overdue = rollup_counter.overdue + EXCLUDED.overdue,
                             open = rollup_counter.open + EXCLUDED.open,
                             cancelled = rollup_counter.cancelled + EXCLUDED.cancelled""")) {
                upsert.setArray(1, connection.createArrayOf("varchar", periods));
                upsert.setArray(2, connection.createArrayOf("uuid", nodes));
                upsert.setArray(3, connection.createArrayOf("varchar", categories));
                for (int i = 0; i < 6; i++) {
                    upsert.setArray(4 + i, connection.createArrayOf("int8", columns[i]));
                }
                upsert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot keep the roll-up counters", e);
            }
            changes.clear();
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** A new batch of changes. */
    public Delta delta() {
        return new Delta();
    }
}
