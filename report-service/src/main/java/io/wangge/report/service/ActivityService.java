package io.wangge.report.service;

import io.agroal.api.AgroalDataSource;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.GridScope;
import io.wangge.platform.security.Roles;
import io.wangge.report.Activity;
import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import static io.wangge.platform.events.types.ReportTopic.ACTIVITY_RECORDED;
import static io.wangge.platform.events.types.ReportTopic.ACTIVITY_WITHDRAWN;

/**
 * The town's work on record (活动台账): staff record what their place did, the counters per node × period × kind
 * follow as it is recorded or withdrawn, and reports, rankings and the year in figures read them.
 */
@ApplicationScoped
public class ActivityService {

    @Inject
    RollupService rollups;

    @Inject
    GridReadModel grid;

    @Inject
    PeriodService periods;

    @Inject
    GridScope scope;

    @Inject
    Caller caller;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /** What an activity is: its kind, title, day, quantity in the kind's unit, headcount, people and note. */
    public record Details(Activity.Kind kind, String title, LocalDate heldOn, Integer quantity, int headcount,
                          List<UUID> participantIds, String note) {
    }

    /** Records an activity of the caller's own place (their post's node or a node under it). */
    @Transactional
    public Activity record(UUID nodeId, Details details) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        requireStaffOf(node.path());
        LocalDate today = LocalDate.now(clock);
        if (details.heldOn().isAfter(today)) {
            throw ProblemException.invalid("heldOn", "不能是将来的日期 must not be in the future");
        }
        // recorded while fresh: a closed period's counts, rankings and points caps stay as they were
        if (details.heldOn().isBefore(today.minusDays(RECORDED_WITHIN_DAYS))) {
            throw ProblemException.invalid("heldOn", "须在活动后 " + RECORDED_WITHIN_DAYS + " 天内登记 an activity is"
                    + " recorded within " + RECORDED_WITHIN_DAYS + " days");
        }
        List<UUID> participants = details.participantIds() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(details.participantIds()));
        // the people named earn points: they are the place's staff or their superiors, not anyone in the register
        Set<UUID> posted = grid.postedAtOrAround(participants, node.path());
        if (posted.size() != participants.size()) {
            throw ProblemException.invalid("participantIds", "参加人须在本地任职 every participant holds a post in"
                    + " the place or above it; not: " + participants.stream().filter(p -> !posted.contains(p))
                    .toList());
        }
        Activity activity = new Activity();
        activity.id = UUID.randomUUID();
        activity.kind = details.kind();
        activity.title = details.title().trim();
        activity.heldOn = details.heldOn();
        activity.nodeId = node.id();
        activity.nodePath = node.path().value();
        activity.nodeName = node.name();
        activity.quantity = details.quantity() == null ? 1 : details.quantity();
        activity.headcount = details.headcount();
        activity.participantIds = participants;
        activity.note = details.note() == null || details.note().isBlank() ? null : details.note().trim();
        activity.recordedBy = caller.accountId();
        activity.recordedAt = OffsetDateTime.now(clock);
        activity.persist();
        count(activity, 1);
        publish(ACTIVITY_RECORDED, activity);
        return activity;
    }

    public Activity get(UUID id) {
        Activity activity = Activity.findById(id);
        if (activity == null || !scope.contains(activity.gridPath())) {
            throw ProblemException.notFound("活动", id);
        }
        return activity;
    }

    private static final LifeCycle.Record ACTIVITY = new LifeCycle.Record("活动", "activity");

    /**
     * Withdraws an activity recorded by mistake: it stays for history and counts no more. By whoever recorded it,
     * or by a cadre above its node (whose participants lose the points it earned them).
     */
    @Transactional
    public Activity withdraw(UUID id, String ifMatch) {
        Activity activity = get(id);
        GridPath place = activity.gridPath();
        boolean recorder = activity.recordedBy.equals(caller.accountId())
                && caller.hasAnyRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)
                && scope.assignedPaths().stream().anyMatch(place::isWithin);
        boolean above = caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)
                && scope.assignedPaths().stream().anyMatch(mine -> place.isWithin(mine) && !place.equals(mine));
        if (!recorder && !above) {
            throw ProblemException.forbidden("只有登记人或上级可以撤回 only whoever recorded it or a cadre above"
                    + " withdraws an activity");
        }
        LifeCycle.step(ACTIVITY, activity.status, activity.version, ifMatch, "WITHDRAW",
                Set.of(Activity.Status.RECORDED));
        activity.status = Activity.Status.WITHDRAWN;
        count(activity, -1);
        publish(ACTIVITY_WITHDRAWN, activity);
        return activity;
    }

    /** The activities of a node's place, optionally of one kind and one period, the latest first. */
    public Page<Activity> under(UUID nodeId, Activity.Kind kind, String periodId, boolean includeWithdrawn,
                                PageRequest page) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        Where where = new Where().inSubtree("nodePath", node.path());
        if (kind != null) {
            where.and("kind = ?", kind);
        }
        if (periodId != null && !periodId.isBlank()) {
            Period period = periods.resolve(periodId);
            where.and("heldOn >= ?", period.startsOn()).and("heldOn <= ?", period.endsOn());
        }
        if (!includeWithdrawn) {
            where.and("status = ?", Activity.Status.RECORDED);
        }
        return page.list(Activity.class, "a", where, "heldOn DESC, recordedAt DESC, id", Function.identity());
    }

    /** One kind's figure: how many were recorded and their sum in the kind's unit. */
    public record Figure(Activity.Kind kind, String label, String unit, long records, long quantity) {
    }

    /** A node's year in figures (全年工作成效), as the article's town tells it. */
    public record Year(UUID nodeId, String nodeName, int year, List<Figure> figures) {
    }

    public Year year(UUID nodeId, int year) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        Map<Activity.Kind, long[]> counts = counters(List.of(node.id()), String.valueOf(year))
                .getOrDefault(node.id(), Map.of());
        List<Figure> figures = new ArrayList<>();
        for (Activity.Kind kind : Activity.Kind.values()) {
            long[] c = counts.getOrDefault(kind, new long[2]);
            figures.add(new Figure(kind, kind.label, kind.unit, c[0], c[1]));
        }
        return new Year(node.id(), node.name(), year, figures);
    }

    /**
     * The counters of nodes in a calendar period (a week, a month or a year id): node → kind → {records,
     * quantity}. A key-work phase has none.
     */
    public Map<UUID, Map<Activity.Kind, long[]>> counters(List<UUID> nodes, String periodId) {
        Map<UUID, Map<Activity.Kind, long[]>> counts = new LinkedHashMap<>();
        if (nodes.isEmpty()) {
            return counts;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT node_id, kind, records, quantity FROM activity_counter
                         WHERE period_id = ?1 AND node_id = ANY (CAST(?2 AS uuid[])) AND records <> 0""")
                .setParameter(1, periodId)
                .setParameter(2, nodes.stream().map(UUID::toString).toArray(String[]::new))
                .getResultList();
        for (Object[] row : rows) {
            counts.computeIfAbsent((UUID) row[0], k -> new EnumMap<>(Activity.Kind.class))
                    .put(Activity.Kind.valueOf((String) row[1]),
                            new long[] {((Number) row[2]).longValue(), ((Number) row[3]).longValue()});
        }
        return counts;
    }

    /**
     * A report's activity keys prefilled from what its place recorded in its period (a phase's days included):
     * read from the activities of one place and period, a new report's one-off look.
     */
    public Map<String, Integer> reportActivities(GridPath place, Period period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT kind, SUM(quantity) FROM activity
                         WHERE node_path >= ?1 AND node_path < ?2 AND held_on BETWEEN ?3 AND ?4
                           AND status = 'RECORDED'
                         GROUP BY kind""")
                .setParameter(1, place.value())
                .setParameter(2, place.subtreeUpperBound())
                .setParameter(3, period.startsOn())
                .setParameter(4, period.endsOn())
                .getResultList();
        Map<String, Integer> activities = new TreeMap<>();
        for (Object[] row : rows) {
            // a report's counts go to 100,000: a place that did more says so in its narrative
            activities.put(Activity.Kind.valueOf((String) row[0]).reportKey,
                    (int) Math.min(100_000L, ((Number) row[1]).longValue()));
        }
        return activities;
    }

    /**
     * Moved nodes' activities count for their new ancestors, and no longer for the old: read, re-pathed and counted
     * with one statement each for every node of the batch. The activities are locked first, in id order, as a
     * withdrawal locks its activity before the counters, and the counters in the one order every writer keeps.
     */
    public void moved(io.wangge.gridview.GridReadModel.Moved moved) {
        entityManager.flush();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = moved.bind(entityManager.createNativeQuery("""
                        SELECT a.kind, a.quantity, a.held_on, a.node_path, m.path
                          FROM activity a JOIN""" + " " + io.wangge.gridview.GridReadModel.Moved.NODES + """
                             ON a.node_id = m.id
                         WHERE a.node_path <> m.path AND a.status = 'RECORDED'
                         ORDER BY a.id FOR UPDATE OF a""")).getResultList();
        // a new version: a withdrawal that read the activity before the move fails its check instead of taking
        // its count from the old ancestors
        moved.repath(entityManager, "activity", "node_id", "node_path", "version = t.version + 1");
        Map<List<Object>, long[]> changes = counterChanges();
        for (Object[] row : rows) {
            String kind = (String) row[0];
            long quantity = ((Number) row[1]).longValue();
            LocalDate heldOn = row[2] instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) row[2];
            counted(changes, kind, quantity, heldOn, new GridPath((String) row[3]), -1);
            counted(changes, kind, quantity, heldOn, new GridPath((String) row[4]), 1);
        }
        write(changes);
    }

    /** What one activity adds (sign 1) or takes away (−1) in each counter it belongs to, into {@code changes}. */
    private static void counted(Map<List<Object>, long[]> changes, String kind, long quantity, LocalDate heldOn,
                                GridPath path, int sign) {
        for (String period : periodsOf(heldOn)) {
            for (UUID node : path.ids()) {
                long[] change = changes.computeIfAbsent(List.of(period, node, kind), k -> new long[2]);
                change[0] += sign;
                change[1] += sign * quantity;
            }
        }
    }

    /** The week, the month and the year an activity counts in. */
    private static List<String> periodsOf(LocalDate heldOn) {
        return List.of(Period.containing(heldOn, PeriodType.WEEK).id(), Period.containing(heldOn, PeriodType.MONTH).id(),
                String.valueOf(heldOn.getYear()));
    }

    /** Adds (or with {@code sign} −1 takes away) an activity in every counter it belongs to. */
    private void count(Activity activity, int sign) {
        Map<List<Object>, long[]> changes = counterChanges();
        counted(changes, activity.kind.name(), activity.quantity, activity.heldOn, activity.gridPath(), sign);
        entityManager.flush();
        write(changes);
    }

    /**
     * Counter changes keyed (period, node, kind), written in that key order by every writer (a recording, a
     * withdrawal, a move), so that two of them under a shared ancestor never wait on each other in a cycle.
     */
    private static Map<List<Object>, long[]> counterChanges() {
        return new TreeMap<>(java.util.Comparator.comparing((List<Object> k) -> (String) k.get(0))
                .thenComparing(k -> (UUID) k.get(1)).thenComparing(k -> (String) k.get(2)));
    }

    /** Adds the changes to the counters in one statement, in the changes' key order. */
    private void write(Map<List<Object>, long[]> changes) {
        changes.values().removeIf(change -> change[0] == 0 && change[1] == 0);
        if (changes.isEmpty()) {
            return;
        }
        List<Object> periods = new ArrayList<>();
        List<Object> nodes = new ArrayList<>();
        List<Object> kinds = new ArrayList<>();
        List<Object> records = new ArrayList<>();
        List<Object> quantities = new ArrayList<>();
        changes.forEach((key, change) -> {
            periods.add(key.get(0));
            nodes.add(key.get(1));
            kinds.add(key.get(2));
            records.add(change[0]);
            quantities.add(change[1]);
        });
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO activity_counter (period_id, node_id, kind, records, quantity)
                     SELECT * FROM unnest(?, ?, ?, ?, ?)
                     ON CONFLICT (period_id, node_id, kind) DO UPDATE SET
                         records = activity_counter.records + EXCLUDED.records,
                         quantity = activity_counter.quantity + EXCLUDED.quantity""")) {
            upsert.setArray(1, connection.createArrayOf("varchar", periods.toArray()));
            upsert.setArray(2, connection.createArrayOf("uuid", nodes.toArray()));
            upsert.setArray(3, connection.createArrayOf("varchar", kinds.toArray()));
            upsert.setArray(4, connection.createArrayOf("int8", records.toArray()));
            upsert.setArray(5, connection.createArrayOf("int8", quantities.toArray()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the activity counters", e);
        }
    }

    /** How many days after an activity it may still be recorded. */
    static final int RECORDED_WITHIN_DAYS = 14;

    /** Staff of the place record its activities: a post at the node or above it (the province's operators none). */
    private void requireStaffOf(GridPath node) {
        if (!caller.hasAnyRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)
                || scope.assignedPaths().stream().noneMatch(node::isWithin)) {
            throw ProblemException.forbidden("只有本地工作人员可以登记活动 only the place's own staff record its activities");
        }
    }

    private void publish(String type, Activity activity) {
        entityManager.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activityId", activity.id);
        data.put("kind", activity.kind);
        data.put("title", activity.title);
        data.put("heldOn", activity.heldOn.toString());
        data.put("nodeId", activity.nodeId);
        data.put("nodePath", activity.nodePath);
        data.put("nodeName", activity.nodeName);
        data.put("quantity", activity.quantity);
        data.put("headcount", activity.headcount);
        data.put("participantIds", activity.participantIds);
        data.put("status", activity.status);
        data.put("recordedBy", activity.recordedBy);
        data.put("version", activity.version);
        data.put("actor", caller.accountId());
        data.put("occurredAt", EventTime.format(OffsetDateTime.now(clock)));
        outbox.record(OutgoingEvent.of(type, activity.id, data));
    }
}
