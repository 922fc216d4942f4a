package io.wangge.points.rest;

import io.wangge.points.PointRule;
import io.wangge.points.service.RuleService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

    /**
     * A new version of a rule (town admins only), in force from its effective date. What it leaves out (points, the
     * range of a manual award, the cap) it keeps from the version before; every amount has a sane bound.
     */
    public record NewVersion(@jakarta.validation.constraints.Size(max = 100) String name,
                             @Min(-100) @Max(100) Integer points,
                             @Min(0) @Max(100) Integer minPoints,
                             @Min(0) @Max(100) Integer maxPoints,
                             PointRule.CapPeriod capPeriod,
                             @jakarta.validation.constraints.Positive @Max(1000) Integer capPoints,
                             @jakarta.validation.constraints.NotNull LocalDate effectiveFrom) {
    }

    @jakarta.inject.Inject
    io.wangge.points.service.PointsAccess access;

    @jakarta.ws.rs.POST
    @Path("/{code}/versions")
    @io.wangge.platform.idempotency.Idempotent
    public RuleView newVersion(@jakarta.ws.rs.PathParam("code") String code,
                               @jakarta.validation.Valid @jakarta.validation.constraints.NotNull NewVersion request) {
        access.requireRuleAdmin();
        return RuleView.of(service.newVersion(code, request.name(), request.points(), request.minPoints(),
                request.maxPoints(), request.capPeriod(), request.capPoints(), request.effectiveFrom(),
                access.actor()));
    }

    /** Rules in force on {@code on} (default: today, Asia/Shanghai). */
    @GET
    public List<RuleView> inForce(@QueryParam("on") LocalDate on) {
        return (on == null ? service.inForceToday() : service.inForce(on)).stream().map(RuleView::of).toList();
    }
}
