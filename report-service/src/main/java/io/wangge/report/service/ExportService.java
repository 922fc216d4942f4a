package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.Table;
import io.wangge.platform.time.ClockProducer;
import io.wangge.report.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The weekly brief a town leader reads: the children's reports and roll-up as a table (xlsx or CSV) and as the
 * printed brief ({@link BriefDocument}: a page to print and an A4 PDF); the ranking as a table.
 */
@ApplicationScoped
public class ExportService {

    static final List<String> ACTIVITIES = List.of("householdVisits", "researchVisits", "meetings", "trainings",
            "trainingAttendance", "suggestionsCollected", "contactPoints", "problemsSolved", "mechanismsSetUp");
    private static final List<String> ACTIVITY_NAMES = List.of("包户走访", "调研走访", "会议", "培训", "培训人次",
            "收集建议", "党建联系点", "解决问题", "建立机制");

    @Inject
    RollupService rollups;

    @Inject
    ReportService reports;

    @Inject
    PeriodService periods;

    @Inject
    ActivityService activities;

    @Inject
    Clock clock;

    /** The brief's table: each child's report and the counts of its tasks, as xlsx or CSV. */
    public Table brief(UUID nodeId, String periodId) {
        RollupService.Rollup rollup = rollups.rollup(nodeId, periodId, null);
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        Map<UUID, Report> filed = reports.childReports(node, periods.resolve(periodId));
        List<String> headers = new ArrayList<>(List.of("网格", "报告状态", "报送时间", "是否按时"));
        headers.addAll(ACTIVITY_NAMES);
        headers.addAll(List.of("派发任务", "已完成", "按时完成", "逾期", "完成率", "按时率"));
        List<List<Object>> rows = new ArrayList<>();
        for (RollupService.Child child : rollup.children()) {
            Report report = filed.get(child.nodeId());
            List<Object> row = new ArrayList<>();
            row.add(child.name());
            row.add(report == null ? "未报" : status(report.status));
            row.add(report == null ? null : report.filedAt);
            row.add(report == null || report.onTime == null ? null : report.onTime ? "是" : "否");
            for (String activity : ACTIVITIES) {
                row.add(report == null ? null : report.activities.getOrDefault(activity, 0));
            }
            RollupService.Counts c = child.counts();
            row.addAll(List.of(c.dispatched(), c.completed(), c.completedOnTime(), c.overdue(),
                    percent(c.completionRate()), percent(c.onTimeRate())));
            rows.add(row);
        }
        return new Table(rollup.nodeName() + " " + periods.label(periodId) + " 工作简报", headers, rows);
    }

    /** Most reports in one table: a county's micro-grids for a period. */
    static final int REPORTS_LIMIT = 100_000;

    /**
     * The reports of a place for a period (报告台账), every one in the caller's sight with its activities, narrative
     * and why it was returned, with the list's filters.
     */
    public Table reports(UUID nodeId, String periodId, Report.Status status) {
        GridReadModel.Node node = rollups.visibleNode(nodeId);
        String period = periods.resolve(periodId).id();
        List<Report> found = Report.<Report>find("periodId = ?1 AND nodePath >= ?2 AND nodePath < ?3"
                                + (status == null ? "" : " AND status = ?4") + " ORDER BY nodePath, id",
                        status == null ? new Object[] {period, node.path().value(), node.path().subtreeUpperBound()}
                                : new Object[] {period, node.path().value(), node.path().subtreeUpperBound(), status})
                .page(0, REPORTS_LIMIT + 1).list();
        if (found.size() > REPORTS_LIMIT) {
            throw io.wangge.platform.rest.ProblemException.invalid("nodeId", "超过 " + REPORTS_LIMIT
                    + " 份，请按镇或村缩小范围 more than " + REPORTS_LIMIT + " reports: narrow the place");
        }
        List<String> headers = new ArrayList<>(List.of("网格", "周期", "报告状态", "报送人", "报送时间", "是否按时"));
        headers.addAll(ACTIVITY_NAMES);
        headers.addAll(List.of("情况说明", "退回原因"));
        List<List<Object>> rows = new ArrayList<>(found.size());
        for (Report report : found) {
            List<Object> row = new ArrayList<>();
            row.add(report.nodeName);
            row.add(report.periodId);
            row.add(status(report.status));
            row.add(report.author);
            row.add(report.filedAt);
            row.add(report.onTime == null ? null : report.onTime ? "是" : "否");
            for (String activity : ACTIVITIES) {
                row.add(report.activities.getOrDefault(activity, 0));
            }
            row.add(report.narrative);
            row.add(report.returnReason);
            rows.add(row);
        }
        return new Table(node.name() + " " + period + " 报告台账", headers, rows);
    }

    /** The ranking's table, its formula on the last line. */
    public Table ranking(RankingService.Ranking ranking) {
        List<List<Object>> rows = new ArrayList<>();
        for (RankingService.Entry e : ranking.entries()) {
            rows.add(List.of(e.rank(), e.name(), e.score(), e.reportStatus(), percent(e.completionRate()),
                    percent(e.onTimeRate()), e.activities(), e.redItems()));
        }
        rows.add(java.util.Arrays.asList(null, "计分公式", ranking.formula(), null, null, null, null, null));
        return new Table(ranking.nodeName() + " " + periods.label(ranking.period()) + " 观摩评比", List.of("名次", "网格", "得分",
                "报告", "完成率", "按时率", "活动台账", "督办红牌"), rows);
    }

    /** The brief as it is printed: totals, the children's completion as bars, the ranking, work on record. */
    public Brief printedBrief(UUID nodeId, String periodId, RankingService.Ranking ranking) {
        RollupService.Rollup rollup = rollups.rollup(nodeId, periodId, null);
        List<ReportService.Missing> missing = reports.missing(nodeId, periodId);
        RollupService.Counts total = rollup.total();
        long reds = ranking.entries().stream().mapToLong(RankingService.Entry::redItems).sum();
        List<Brief.Bar> bars = rollup.children().stream().map(child -> new Brief.Bar(child.name(),
                percent(child.counts().completionRate()), Math.round(child.counts().completionRate() * 100))).toList();
        List<Brief.Rank> ranks = ranking.entries().stream().map(e -> new Brief.Rank(e.rank(), e.name(),
                String.format(Locale.ROOT, "%.4f", e.score()), reportStatus(e.reportStatus()),
                percent(e.completionRate()), percent(e.onTimeRate()), e.activities(), e.redItems())).toList();
        List<Brief.ActivityLine> recorded = new ArrayList<>();
        activities.counters(List.of(rollup.nodeId()), rollup.period()).getOrDefault(rollup.nodeId(), Map.of())
                .forEach((kind, c) -> recorded.add(new Brief.ActivityLine(kind.label, c[1], kind.unit, c[0])));
        List<Brief.RedLine> redLines = ranking.entries().stream().filter(e -> e.redItems() > 0)
                .map(e -> new Brief.RedLine(e.name(), e.redItems())).toList();
        List<Brief.MissingLine> missingLines = missing.stream().map(m -> new Brief.MissingLine(m.name(),
                m.hoursLate() > 0 ? "（已逾期 " + m.hoursLate() + " 小时）" : "")).toList();
        String printedAt = OffsetDateTime.now(clock).atZoneSameInstant(ClockProducer.ZONE)
                .format(DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.CHINA));
        String period = periods.label(periodId);
        return new Brief(rollup.nodeName() + " " + period + " 工作简报", rollup.nodeName(), period, printedAt,
                new Brief.Summary(total.dispatched(), total.completed(), percent(total.completionRate()),
                        percent(total.onTimeRate()), total.overdue(), missing.size(), reds),
                bars, ranking.formula(), ranks, recorded, redLines, missingLines);
    }

    private static String reportStatus(String status) {
        return switch (status) {
            case "DRAFT" -> "草稿";
            case "FILED" -> "已报送";
            case "RETURNED" -> "已退回";
            case "ACCEPTED" -> "已验收";
            default -> "未报";
        };
    }

    private static String status(Report.Status status) {
        return switch (status) {
            case DRAFT -> "草稿";
            case FILED -> "已报送";
            case RETURNED -> "已退回";
            case ACCEPTED -> "已验收";
        };
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
