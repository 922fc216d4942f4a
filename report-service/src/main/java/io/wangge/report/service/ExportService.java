package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.Table;
import io.wangge.report.Activity;
import io.wangge.report.Period;
import io.wangge.report.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The weekly brief a town leader reads: the children's reports and roll-up as a table (xlsx or CSV) and as one
 * printable page; the ranking as a table.
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
        return new Table(rollup.nodeName() + " " + rollup.period() + " 工作简报", headers, rows);
    }

    /** The ranking's table, its formula on the last line. */
    public Table ranking(RankingService.Ranking ranking) {
        List<List<Object>> rows = new ArrayList<>();
        for (RankingService.Entry e : ranking.entries()) {
            rows.add(List.of(e.rank(), e.name(), e.score(), e.reportStatus(), percent(e.completionRate()),
                    percent(e.onTimeRate()), e.activities(), e.redItems()));
        }
        rows.add(java.util.Arrays.asList(null, "计分公式", ranking.formula(), null, null, null, null, null));
        return new Table(ranking.nodeName() + " " + ranking.period() + " 观摩评比", List.of("名次", "网格", "得分",
                "报告", "完成率", "按时率", "活动台账", "督办红牌"), rows);
    }

    /** A one-page HTML brief with a bar chart (inline SVG) of the children's completion rates. */
    public String html(UUID nodeId, String periodId, RankingService.Ranking ranking) {
        RollupService.Rollup rollup = rollups.rollup(nodeId, periodId, null);
        List<ReportService.Missing> missing = reports.missing(nodeId, periodId);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(escape(rollup.nodeName())).append(' ').append(rollup.period())
                .append(" 工作简报</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}")
                .append("@media print{body{margin:1em}}</style></head><body>")
                .append("<h1>").append(escape(rollup.nodeName())).append(' ').append(rollup.period())
                .append(" 工作简报</h1>");
        RollupService.Counts total = rollup.total();
        html.append("<p>派发任务 ").append(total.dispatched()).append(" 项，完成 ").append(total.completed())
                .append(" 项（完成率 ").append(percent(total.completionRate())).append("，按时率 ")
                .append(percent(total.onTimeRate())).append("），逾期未完成 ").append(total.overdue())
                .append(" 项；未报送报告 ").append(missing.size()).append(" 个。</p>");
        int barHeight = 18;
        int height = rollup.children().size() * (barHeight + 6) + 10;
        html.append("<svg role=\"img\" aria-label=\"各下级任务完成率\" width=\"720\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        int y = 5;
        for (RollupService.Child child : rollup.children()) {
            int width = (int) Math.round(child.counts().completionRate() * 500);
            html.append("<text x=\"0\" y=\"").append(y + 13).append("\" font-size=\"12\">")
                    .append(escape(child.name())).append("</text>")
                    .append("<rect x=\"140\" y=\"").append(y).append("\" width=\"").append(width)
                    .append("\" height=\"").append(barHeight).append("\" fill=\"#c0392b\"/>")
                    .append("<text x=\"").append(146 + width).append("\" y=\"").append(y + 13)
                    .append("\" font-size=\"12\">").append(percent(child.counts().completionRate())).append("</text>");
            y += barHeight + 6;
        }
        html.append("</svg><h2>观摩评比排名</h2><p>").append(escape(ranking.formula()))
                .append("</p><table><tr><th>名次</th><th>网格</th><th>得分</th><th>报告</th><th>完成率</th>")
                .append("<th>按时率</th><th>督办红牌</th></tr>");
        for (RankingService.Entry entry : ranking.entries()) {
            html.append("<tr><td>").append(entry.rank()).append("</td><td>").append(escape(entry.name()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.4f", entry.score())).append("</td><td>")
                    .append(entry.reportStatus()).append("</td><td>").append(percent(entry.completionRate()))
                    .append("</td><td>").append(percent(entry.onTimeRate())).append("</td><td>")
                    .append(entry.redItems()).append("</td></tr>");
        }
        html.append("</table>");
        Map<Activity.Kind, long[]> recorded = activities.counters(List.of(rollup.nodeId()), rollup.period())
                .getOrDefault(rollup.nodeId(), Map.of());
        if (!recorded.isEmpty()) {
            html.append("<h2>活动台账</h2><ul>");
            recorded.forEach((kind, c) -> html.append("<li>").append(kind.label).append(' ').append(c[1])
                    .append(' ').append(kind.unit).append("（").append(c[0]).append(" 条记录）</li>"));
            html.append("</ul>");
        }
        if (!missing.isEmpty()) {
            html.append("<h2>未报送</h2><ul>");
            missing.forEach(m -> html.append("<li>").append(escape(m.name())).append(m.hoursLate() > 0
                    ? "（已逾期 " + m.hoursLate() + " 小时）" : "").append("</li>"));
            html.append("</ul>");
        }
        return html.append("</body></html>").toString();
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

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
