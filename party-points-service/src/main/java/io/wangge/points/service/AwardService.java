package io.wangge.points.service;

import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Duties;
import io.wangge.platform.security.Roles;
import io.wangge.platform.time.ClockProducer;
import io.wangge.points.Award;
import io.wangge.points.LedgerEntry;
import io.wangge.points.Member;
import io.wangge.points.PointRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Manual awards: proposed with evidence, decided by the branch secretary; only approved ones reach the ledger. */
@ApplicationScoped
public class AwardService {

    @Inject
    PointsAccess access;

    @Inject
    RuleService rules;

    @Inject
    Ledger ledger;

    @Inject
    io.wangge.platform.security.Caller caller;

    @Inject
    Clock clock;

    @Transactional
    public Award propose(UUID personId, String ruleCode, Integer points, String evidence) {
        Member member = Member.findById(personId);
        boolean self = member != null && caller.accountId().equals(member.accountId);
        if (member == null || !(self || (caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)
                && access.canSee(member)))) {
            throw ProblemException.notFound("党员", personId);
        }
        if (!member.partyMember) {
            throw ProblemException.invalid("personId", "不是党员 not a party member");
        }
        PointRule rule = rules.inForce(LocalDate.now(clock)).stream()
                .filter(r -> r.code.equals(ruleCode) && r.kind == PointRule.Kind.MANUAL).findFirst()
                .orElseThrow(() -> ProblemException.invalid("ruleCode", "不是手动积分项 not a manual award type"));
        int value;
        if (rule.points != null) {
            value = rule.points;
        } else if (points == null || points < rule.minPoints || points > rule.maxPoints) {
            throw ProblemException.invalid("points", "须在 " + rule.minPoints + "–" + rule.maxPoints
                    + " 之间 must be within "
                    + rule.minPoints + "–" + rule.maxPoints);
        } else {
            value = points;
        }
        Award award = new Award();
        award.id = UUID.randomUUID();
        award.personId = personId;
        award.branch = member.branch;
        award.branchId = member.branchId;
        award.ruleCode = ruleCode;
        award.points = value;
        award.evidence = evidence;
        award.proposedBy = caller.accountId();
        award.proposedAt = OffsetDateTime.now(clock);
        award.persist();
        return award;
    }

    private static final LifeCycle.Record AWARD = new LifeCycle.Record("积分申报", "award");

    /** An award its proposer, or anyone who may see the member, may read. */
    public Award visible(UUID id) {
        Award award = Award.findById(id);
        if (award == null || !caller.accountId().equals(award.proposedBy)
                && !access.canSee(Member.findById(award.personId))) {
            throw ProblemException.notFound("积分申报", id);
        }
        return award;
    }

    /** Approves the award and books it; returns the ledger entry (none if a cap left nothing to book). */
    @Transactional
    public Award decide(UUID id, String ifMatch, boolean approve, String decision) {
        Award award = Award.findById(id);
        if (award == null) {
            throw ProblemException.notFound("积分申报", id);
        }
        Member member = Member.findById(award.personId);
        access.requireDecider(member);
        Duties.notTheirOwn(caller.accountId(), "approve", award.proposedBy, member.accountId);
        LifeCycle.step(AWARD, award.status, award.version, ifMatch, approve ? "APPROVE" : "REJECT",
                Set.of(Award.Status.PROPOSED));
        award.status = approve ? Award.Status.APPROVED : Award.Status.REJECTED;
        award.decidedBy = caller.accountId();
        award.decidedAt = OffsetDateTime.now(clock);
        award.decision = decision;
        if (approve) {
            // the deed was done by the time it was proposed: it belongs to the proposal's day, not the approval's
            ledger.earn(new Ledger.Deed(award.personId, award.ruleCode, 1, award.points, "award:" + award.id, null,
                    award.id, award.proposedAt.atZoneSameInstant(ClockProducer.ZONE).toLocalDate(), award.evidence,
                    caller.accountId()));
        }
        return award;
    }

    public List<Award> pending() {
        // by the members' branches as they are now, as the decision is checked
        Set<UUID> nodes = access.secretaryNodes();
        if (!nodes.isEmpty()) {
            return Award.list("personId IN (SELECT m.personId FROM Member m WHERE m.branchNodeId IN ?1)"
                    + " AND status = ?2 ORDER BY proposedAt, id", nodes, Award.Status.PROPOSED);
        }
        if (!caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            throw ProblemException.forbidden("只有支部书记和镇级管理员审批 only secretaries and town admins decide");
        }
        return Award.<Award>list("status = ?1 ORDER BY proposedAt, id", Award.Status.PROPOSED).stream()
                .filter(a -> access.canSee(Member.findById(a.personId))).toList();
    }

    /** A correction: a reversing entry with its reason (the secretary resolving an appeal, or an admin). */
    @Transactional
    public LedgerEntry reverse(UUID entryId, String reason) {
        LedgerEntry entry = LedgerEntry.findById(entryId);
        if (entry == null) {
            throw ProblemException.notFound("积分记录", entryId);
        }
        Member member = Member.findById(entry.personId);
        access.requireDecider(member);
        Duties.notTheirOwn(caller.accountId(), "correct", member.accountId);
        return ledger.reverse(entryId, reason, caller.accountId());
    }
}
