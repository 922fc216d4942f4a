package io.wangge.points.rest;

import io.wangge.points.PointRule;
import io.wangge.points.service.RuleService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.time.LocalDate;
import java.util.List;

/** The point rules, so that every member can see how points are earned and lost. */
@Path("/api/rules")
public class RuleResource {

    public record RuleView(String code, int version, String name, PointRule.Kind kind, String eventType,
                           String condition, String category, Integer points, Integer minPoints, Integer maxPoints,
                           PointRule.CapPeriod capPeriod, Integer capPoints, LocalDate effectiveFrom) {
        static RuleView of(PointRule rule) {
            return new RuleView(rule.code, rule.ruleVersion, rule.name, rule.kind, rule.eventType, rule.condition,
                    rule.category, rule.points, rule.minPoints, rule.maxPoints, rule.capPeriod, rule.capPoints,
                    rule.effectiveFrom);
        }
    }

    @Inject
    RuleService service;

    /** Rules in force on {@code on} (default: today, Asia/Shanghai). */
    @GET
    public List<RuleView> inForce(@QueryParam("on") LocalDate on) {
        return (on == null ? service.inForceToday() : service.inForce(on)).stream().map(RuleView::of).toList();
    }
}
