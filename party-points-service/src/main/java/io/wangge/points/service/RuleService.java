package io.wangge.points.service;

import io.wangge.points.PointRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which version of each rule is in force on a day. */
@ApplicationScoped
public class RuleService {

    @Inject
    Clock clock;

    /** The version of every rule in force on {@code day}: the latest one effective on or before it. */
    public List<PointRule> inForce(LocalDate day) {
        List<PointRule> candidates = PointRule.list(
                "effectiveFrom <= ?1 ORDER BY code, effectiveFrom DESC, ruleVersion DESC", day);
        Map<String, PointRule> latest = new LinkedHashMap<>();
        for (PointRule rule : candidates) {
            latest.putIfAbsent(rule.code, rule);
        }
        return List.copyOf(latest.values());
    }

    public List<PointRule> inForceToday() {
        return inForce(LocalDate.now(clock));
    }
}
