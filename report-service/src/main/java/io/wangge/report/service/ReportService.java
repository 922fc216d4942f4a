package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Duties;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.GridScope;
import io.wangge.platform.security.Roles;
import io.wangge.report.Period;
import io.wangge.report.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.wangge.platform.events.types.ReportTopic.REPORT_ACCEPTED;
import static io.wangge.platform.events.types.ReportTopic.REPORT_FILED;
import static io.wangge.platform.events.types.ReportTopic.REPORT_RETURNED;

/**
 * Periodic reports hauled up the tree (收网): a node's own staff write and file its report; the level above
 * returns or accepts it. Drafts for upper nodes are pre-filled from the children's filed reports and the
 * task roll-up.
 */
@ApplicationScoped
public class ReportService {

    @Inject
    RollupService rollups;

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
    Clock clock;

    @Inject
    HouseholdVisits householdVisits;

    @Inject
    ActivityService activities;

    /** The activity key of household visits (包户走访), prefilled from the visits grid-service recorded. */
    public static final String HOUSEHOLD_VISITS = "householdVisits";

    /** What a report says. */
    public record Content(List<Report.Section> sections, Map<String, Integer> activities, String narrative,
                          List<String> attachments) {
    }

    @Transactional
    public Report create(UUID nodeId, String periodId) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        Period period = periods.resolve(periodId);
        requireAuthor(node.path());
        if (Report.count("nodeId = ?1 AND periodId = ?2", node.id(), period.id()) > 0) {
            throw ProblemException.conflict(node.name() + " 的 " + period.id() + " 报告已存在 already has a report");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Report report = new Report();
        report.id = UUID.randomUUID();
        report.nodeId = node.id();
        report.nodePath = node.path().value();
        report.nodeName = node.name();
        report.nodeLevel = node.level();
        report.periodId = period.id();
        report.author = caller.accountId();
        report.createdAt = now;
        report.updatedBy = report.author;
        report.updatedAt = now;
        // prefilled from the activities on record and the visits recorded in grid-service; the author may correct it
        Map<String, Integer> prefilled = new TreeMap<>(activities.reportActivities(node.path(), period));
        int visits = householdVisits.in(node.path(), period);
        if (visits > 0) {
            prefilled.put(HOUSEHOLD_VISITS, visits);
        }
        report.activities = prefilled;
        report.persist();
        return report;
    }

    public Report get(UUID id) {
        Report report = Report.findById(id);
        if (report == null || !scope.contains(report.gridPath())) {
            throw ProblemException.notFound("报告", id);
        }
        return report;
    }

    @Transactional
    public Report edit(UUID id, String ifMatch, Content content) {
        Report report = get(id);
        requireAuthor(report.gridPath());
        LifeCycle.step(REPORT, report.status, report.version, ifMatch, "EDIT",
                Set.of(Report.Status.DRAFT, Report.Status.RETURNED));
        report.sections = content.sections() == null ? List.of() : List.copyOf(content.sections());
        report.activities = content.activities() == null ? Map.of() : new TreeMap<>(content.activities());
        report.narrative = content.narrative();
        report.attachments = content.attachments() == null ? List.of() : List.copyOf(content.attachments());
        touch(report);
        return report;
    }

    private static final LifeCycle.Record REPORT = new LifeCycle.Record("报告", "report");

    /** Files (or re-files) a report; on time if filed by its level's deadline for the period. */
    @Transactional
    public Report file(UUID id, String ifMatch) {
        Report report = get(id);
        requireAuthor(report.gridPath());
        LifeCycle.step(REPORT, report.status, report.version, ifMatch, "FILE",
                Set.of(Report.Status.DRAFT, Report.Status.RETURNED));
        OffsetDateTime now = OffsetDateTime.now(clock);
        report.status = Report.Status.FILED;
        report.filedAt = now;
        report.onTime = !now.isAfter(periods.deadline(periods.resolve(report.periodId), report.nodeLevel));
        report.returnReason = null;
        touch(report);
        publish(REPORT_FILED, report);
        return report;
    }

    @Transactional
    public Report sendBack(UUID id, String ifMatch, String reason) {
        Report report = get(id);
        requireReviewer(report.gridPath());
        Duties.notTheirOwn(caller.accountId(), "review", report.author, report.updatedBy);
        LifeCycle.step(REPORT, report.status, report.version, ifMatch, "RETURN", Set.of(Report.Status.FILED));
        report.status = Report.Status.RETURNED;
        report.returnReason = reason;
        touch(report);
        publish(REPORT_RETURNED, report);
        return report;
    }

    @Transactional
    public Report accept(UUID id, String ifMatch) {
        Report report = get(id);
        requireReviewer(report.gridPath());
        Duties.notTheirOwn(caller.accountId(), "accept", report.author, report.updatedBy);
        LifeCycle.step(REPORT, report.status, report.version, ifMatch, "ACCEPT", Set.of(Report.Status.FILED));
        report.status = Report.Status.ACCEPTED;
        touch(report);
        publish(REPORT_ACCEPTED, report);
        return report;
    }

    /** Reports in a node's subtree for a period, optionally of one status, by path. */
    public Page<Report> list(UUID nodeId, String periodId, Report.Status status, PageRequest page) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        String period = periods.resolve(periodId).id();
        Where where = new Where().and("periodId = ?", period).inSubtree("nodePath", node.path());
        if (status != null) {
            where.and("status = ?", status);
        }
        return page.list(Report.class, "r", where, "nodePath, id", Function.identity());
    }

    /** A child that has not filed. */
    public record Missing(UUID nodeId, String name, String reportStatus, OffsetDateTime deadline,
                          long hoursLate) {
    }

    /** Children of a node that have not filed for the period, and how late they are. */
    public List<Missing> missing(UUID nodeId, String periodId) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        Period period = periods.resolve(periodId);
        List<GridReadModel.Node> children = rollups.children(node.id());
        Map<UUID, Filing> filings = childFilings(children.stream().map(GridReadModel.Node::id).toList(), period.id());
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Missing> missing = new ArrayList<>();
        for (GridReadModel.Node child : children) {
            Filing filing = filings.get(child.id());
            if (filing != null && filing.filed()) {
                continue;
            }
            OffsetDateTime deadline = periods.deadline(period, child.level());
            long late = now.isAfter(deadline) ? Duration.between(deadline, now).toHours() : 0;
            missing.add(new Missing(child.id(), child.name(), filing == null ? "NONE" : filing.status().name(),
                    deadline, late));
        }
        return missing;
    }

    /**
     * A pre-filled draft for an upper node: its children's reports summed, and the household visits recorded in
     * its place in the period (which the children's typed counts may fall short of or exceed).
     */
    public record Draft(UUID nodeId, String nodeName, String period, Map<String, Integer> activities,
                        List<Report.Section> sections, List<String> childNarratives, List<Missing> missingChildren,
                        RollupService.Rollup tasks, int recordedHouseholdVisits) {
    }

    public Draft draft(UUID nodeId, String periodId) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        Period period = periods.resolve(periodId);
        Map<String, Integer> activities = new TreeMap<>();
        Map<String, int[]> sections = new TreeMap<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        List<String> narratives = new ArrayList<>();
        for (Report report : childReports(node, period).values()) {
            if (report.status != Report.Status.FILED && report.status != Report.Status.ACCEPTED) {
                continue;
            }
            report.activities.forEach((key, value) -> activities.merge(key, value, Integer::sum));
            for (Report.Section section : report.sections) {
                int[] sums = sections.computeIfAbsent(section.category(), k -> new int[3]);
                sums[0] += section.tasksDone();
                sums[1] += section.problemsFound();
                sums[2] += section.problemsSolved();
                if (section.notes() != null && !section.notes().isBlank()) {
                    notes.computeIfAbsent(section.category(), k -> new ArrayList<>())
                            .add(report.nodeName + "：" + section.notes());
                }
            }
            if (report.narrative != null && !report.narrative.isBlank()) {
                narratives.add(report.nodeName + "：" + report.narrative);
            }
        }
        List<Report.Section> summed = sections.entrySet().stream()
                .map(e -> new Report.Section(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                        String.join("；", notes.getOrDefault(e.getKey(), List.of()))))
                .toList();
        return new Draft(node.id(), node.name(), period.id(), activities, summed, narratives,
                missing(nodeId, periodId), rollups.rollup(nodeId, period.id(), null),
                householdVisits.in(node.path(), period));
    }

    /** Where a child's report for a period stands: enough for rankings and missing lists, none of its content. */
    public record Filing(Report.Status status, Boolean onTime) {

        public boolean filed() {
            return status == Report.Status.FILED || status == Report.Status.ACCEPTED;
        }
    }

    /** The filings of these children for the period, by (node, period), in one query of three columns. */
    public Map<UUID, Filing> childFilings(List<UUID> children, String periodId) {
        Map<UUID, Filing> filings = new java.util.HashMap<>();
        if (children.isEmpty()) {
            return filings;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT node_id, status, on_time FROM report WHERE period_id = ?1 AND node_id IN (?2)")
                .setParameter(1, periodId)
                .setParameter(2, children)
                .getResultList();
        for (Object[] row : rows) {
            filings.put((UUID) row[0], new Filing(Report.Status.valueOf((String) row[1]), (Boolean) row[2]));
        }
        return filings;
    }

    /** The reports of the node's children for the period, by (node, period): not every report below the node. */
    Map<UUID, Report> childReports(GridReadModel.Node node, Period period) {
        Map<UUID, Report> reports = new LinkedHashMap<>();
        List<UUID> children = rollups.children(node.id()).stream().map(GridReadModel.Node::id).toList();
        if (children.isEmpty()) {
            return reports;
        }
        Report.<Report>list("periodId = ?1 AND nodeId IN ?2", period.id(), children)
                .forEach(r -> reports.put(r.nodeId, r));
        return reports;
    }

    /** A node's report is written by its own staff: a town admin files the town's, not a village's in its name. */
    private void requireAuthor(GridPath node) {
        if (!caller.hasAnyRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)
                || !scope.assignedPaths().contains(node)) {
            throw ProblemException.forbidden("只有本网格的工作人员可以填报 only the node's own staff file its report");
        }
    }

    /** The level above returns or accepts. */
    private void requireReviewer(GridPath node) {
        if (!caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            throw ProblemException.forbidden("须由上级审核 only the level above reviews reports");
        }
        if (scope.isUnrestricted()) {
            return;
        }
        boolean above = scope.assignedPaths().stream().anyMatch(mine -> node.isWithin(mine) && !node.equals(mine));
        if (!above) {
            throw ProblemException.forbidden("须由上级审核 only the level above reviews reports");
        }
    }

    private void touch(Report report) {
        report.updatedBy = caller.accountId();
        report.updatedAt = OffsetDateTime.now(clock);
    }

    private void publish(String type, Report report) {
        entityManager.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reportId", report.id);
        data.put("nodeId", report.nodeId);
        data.put("nodePath", report.nodePath);
        data.put("nodeName", report.nodeName);
        data.put("nodeLevel", report.nodeLevel);
        data.put("period", report.periodId);
        data.put("author", report.author);
        data.put("status", report.status);
        data.put("filedAt", EventTime.format(report.filedAt));
        data.put("onTime", report.onTime);
        data.put("activities", report.activities);
        data.put("reason", report.returnReason);
        data.put("version", report.version);
        data.put("actor", report.updatedBy);
        data.put("occurredAt", EventTime.format(report.updatedAt));
        outbox.record(OutgoingEvent.of(type, report.id, data));
    }
}
