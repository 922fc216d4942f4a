package io.wangge.points.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.wangge.points.PointRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which version of each rule is in force on a day. The rule versions (a few dozen rows) are held in memory: the
 * ledger asks for every event it handles. They are read again after a change here, and at least every few seconds,
 * so another instance's change is seen too; a new version takes effect no earlier than the day it is made.
 */
@ApplicationScoped
public class RuleService {

    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    @Inject
    Clock clock;

    private record Loaded(List<PointRule> versions, long at) {
    }

    private volatile Loaded loaded;

    /** The version of every rule in force on {@code day}: the latest one effective on or before it. */
    public List<PointRule> inForce(LocalDate day) {
        Map<String, PointRule> latest = new LinkedHashMap<>();
        for (PointRule rule : versions()) {
            if (!rule.effectiveFrom.isAfter(day)) {
                latest.putIfAbsent(rule.code, rule);
            }
        }
        return List.copyOf(latest.values());
    }

    /** Every version of every rule, by code, newest first. */
    private List<PointRule> versions() {
        Loaded current = loaded;
        if (current == null || System.nanoTime() - current.at() > FRESH_FOR.toNanos()) {
            List<PointRule> all = QuarkusTransaction.joiningExisting().call(() -> PointRule.<PointRule>list(
                    "ORDER BY code, effectiveFrom DESC, ruleVersion DESC"));
            current = new Loaded(List.copyOf(all), System.nanoTime());
            loaded = current;
        }
        return current.versions();
    }

    /**
     * The code of the event rule for this event type and condition on a day: the one naming the category if there
     * is one, else the generic one.
     */
    public java.util.Optional<String> eventRule(String eventType, String condition, String category, LocalDate day) {
        PointRule generic = null;
        for (PointRule rule : inForce(day)) {
            if (rule.kind != PointRule.Kind.EVENT || !eventType.equals(rule.eventType)
                    || !java.util.Objects.equals(condition, rule.condition)) {
                continue;
            }
            if (rule.category == null) {
                generic = rule;
            } else if (rule.category.equals(category)) {
                return java.util.Optional.of(rule.code);
            }
        }
        return java.util.Optional.ofNullable(generic).map(rule -> rule.code);
    }

    public List<PointRule> inForceToday() {
        return inForce(LocalDate.now(clock));
    }

    /**
     * A new version of a rule, in force from {@code effectiveFrom} (not in the past): entries already earned keep
     * the version they were earned under.
     */
    @jakarta.transaction.Transactional
    public PointRule newVersion(String code, String name, Integer points, Integer minPoints, Integer maxPoints,
                                PointRule.CapPeriod capPeriod, Integer capPoints, LocalDate effectiveFrom,
                                String actor) {
        PointRule latest = PointRule.find("code = ?1 ORDER BY ruleVersion DESC", code).firstResult();
        if (latest == null) {
            throw io.wangge.platform.rest.ProblemException.notFound("积分规则", code);
        }
        if (effectiveFrom.isBefore(LocalDate.now(clock))) {
            throw io.wangge.platform.rest.ProblemException.invalid("effectiveFrom",
                    "不能追溯生效 a rule change cannot apply to the past");
        }
        PointRule next = new PointRule();
        next.id = java.util.UUID.randomUUID();
        next.code = code;
        next.ruleVersion = latest.ruleVersion + 1;
        next.name = name == null ? latest.name : name;
        next.kind = latest.kind;
        next.eventType = latest.eventType;
        next.condition = latest.condition;
        next.category = latest.category;
        // what the new version leaves out it keeps: a points change does not lift the cap
        next.points = points != null ? points : latest.points;
        next.minPoints = minPoints != null ? minPoints : latest.minPoints;
        next.maxPoints = maxPoints != null ? maxPoints : latest.maxPoints;
        next.capPeriod = capPeriod != null ? capPeriod : latest.capPeriod;
        next.capPoints = capPoints != null ? capPoints : latest.capPoints;
        if (next.minPoints != null && next.maxPoints != null && next.minPoints > next.maxPoints) {
            throw io.wangge.platform.rest.ProblemException.invalid("minPoints",
                    "最低分不能高于最高分 must not be above maxPoints");
        }
        if ((next.capPeriod == null) != (next.capPoints == null)) {
            throw io.wangge.platform.rest.ProblemException.invalid("capPoints",
                    "封顶须同时给出周期和分值 a cap needs both its period and its points");
        }
        next.effectiveFrom = effectiveFrom;
        next.createdBy = actor;
        next.persist();
        loaded = null;
        return next;
    }
}
