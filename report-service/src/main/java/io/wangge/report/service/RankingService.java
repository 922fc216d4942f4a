package io.wangge.report.service;

import io.wangge.report.config.ReportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The observation-and-evaluation ranking (观摩评比) of a node's children for a period. The formula and its
 * weights come from configuration and are returned with every ranking; equal scores share a rank (1, 1, 3).
 */
@ApplicationScoped
public class RankingService {

    @Inject
    RollupService rollups;

    @Inject
    ReportService reports;

    @Inject
    ReportConfig config;

    @Inject
    RedItems redItems;

    /** One ranked child. */
    public record Entry(int rank, UUID nodeId, String name, double score, double filing, double completionRate,
                        double onTimeRate, long activities, long redItems, String reportStatus) {
    }

    /** A ranking with the formula it used. */
    public record Ranking(UUID nodeId, String nodeName, String period, String formula,
                          Map<String, Double> weights, List<Entry> entries) {
    }

    public Ranking rank(UUID nodeId, String periodId) {
        ReportConfig.Ranking weights = config.ranking();
        // the roll-up has checked the node, resolved the period, listed the children and read their activity
        // counters: use them
        RollupService.Counted counted = rollups.counted(nodeId, periodId, null);
        RollupService.Rollup rollup = counted.rollup();
        Map<UUID, Map<io.wangge.report.Activity.Kind, long[]>> recorded = counted.activities();
        List<UUID> children = rollup.children().stream().map(RollupService.Child::nodeId).toList();
        Map<UUID, ReportService.Filing> filed = reports.childFilings(children, rollup.period());
        Map<UUID, Long> reds = redItems.of(children, rollup.period());
        int target = Math.max(1, weights.activityTarget());
        List<Entry> unranked = new ArrayList<>();
        for (RollupService.Child child : rollup.children()) {
            ReportService.Filing report = filed.get(child.nodeId());
            double filing = report == null || !report.filed() ? 0 : Boolean.TRUE.equals(report.onTime()) ? 1 : 0.5;
            long red = reds.getOrDefault(child.nodeId(), 0L);
            long done = recorded.getOrDefault(child.nodeId(), Map.of()).values().stream().mapToLong(c -> c[0]).sum();
            double score = round(weights.filing() * filing + weights.completion() * child.counts().completionRate()
                    + weights.onTime() * child.counts().onTimeRate()
                    + weights.activity() * Math.min(1.0, (double) done / target) - weights.red() * red);
            unranked.add(new Entry(0, child.nodeId(), child.name(), score, filing, child.counts().completionRate(),
                    child.counts().onTimeRate(), done, red, report == null ? "NONE" : report.status().name()));
        }
        unranked.sort(Comparator.comparingDouble(Entry::score).reversed().thenComparing(Entry::name));
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            Entry e = unranked.get(i);
            int rank = i > 0 && unranked.get(i - 1).score() == e.score() ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new Entry(rank, e.nodeId(), e.name(), e.score(), e.filing(), e.completionRate(),
                    e.onTimeRate(), e.activities(), e.redItems(), e.reportStatus()));
        }
        String formula = String.format(Locale.ROOT,
                "score = %.2f × 按时报送(按时1/迟报0.5/未报0) + %.2f × 任务完成率 + %.2f × 按时完成率"
                        + " + %.2f × min(1, 活动台账记录数 / %d) − %.2f × 督办红牌数(本周/本月变红的任务和案件)",
                weights.filing(), weights.completion(), weights.onTime(), weights.activity(), target,
                weights.red());
        return new Ranking(rollup.nodeId(), rollup.nodeName(), rollup.period(), formula,
                Map.of("filing", weights.filing(), "completion", weights.completion(), "onTime", weights.onTime(),
                        "activity", weights.activity(), "activityTarget", (double) target, "red", weights.red()),
                ranked);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
