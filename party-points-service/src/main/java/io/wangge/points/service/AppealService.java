package io.wangge.points.service;

import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Roles;
import io.wangge.points.Appeal;
import io.wangge.points.LedgerEntry;
import io.wangge.points.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Appeals: a member contests an entry of their own; the secretary upholds (reversing it) or rejects, with reasons. */
@ApplicationScoped
public class AppealService {

    @Inject
    PointsAccess access;

    @Inject
    Ledger ledger;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Transactional
    public Appeal raise(UUID entryId, String reason) {
        LedgerEntry entry = LedgerEntry.findById(entryId);
        Member member = entry == null ? null : Member.findById(entry.personId);
        if (member == null || !caller.accountId().equals(member.accountId)) {
            throw ProblemException.notFound("积分记录", entryId);
        }
        if (entry.reversesId != null) {
            throw ProblemException.conflict("冲正记录不能申诉 a reversing entry cannot be appealed");
        }
        if (Appeal.count("entryId = ?1 AND status = ?2", entryId, Appeal.Status.OPEN) > 0) {
            throw ProblemException.conflict("该记录已有待处理的申诉 this entry already has an open appeal");
        }
        Appeal appeal = new Appeal();
        appeal.id = UUID.randomUUID();
        appeal.entryId = entryId;
        appeal.personId = member.personId;
        appeal.branch = member.branch;
        appeal.branchId = member.branchId;
        appeal.reason = reason;
        appeal.raisedAt = OffsetDateTime.now(clock);
        appeal.persist();
        return appeal;
    }

    private static final LifeCycle.Record APPEAL = new LifeCycle.Record("申诉", "appeal");

    /** An appeal the member who raised it, or anyone who may see the member, may read. */
    public Appeal visible(UUID id) {
        Appeal appeal = Appeal.findById(id);
        if (appeal == null || !access.canSee(Member.findById(appeal.personId))) {
            throw ProblemException.notFound("申诉", id);
        }
        return appeal;
    }

    @Transactional
    public Appeal resolve(UUID id, String ifMatch, boolean uphold, String resolution) {
        Appeal appeal = Appeal.findById(id);
        if (appeal == null) {
            throw ProblemException.notFound("申诉", id);
        }
        Member member = Member.findById(appeal.personId);
        LedgerEntry entry = LedgerEntry.findById(appeal.entryId);
        access.requireAppealDecider(member, entry.createdBy);
        LifeCycle.step(APPEAL, appeal.status, appeal.version, ifMatch, uphold ? "UPHOLD" : "REJECT",
                Set.of(Appeal.Status.OPEN));
        appeal.status = uphold ? Appeal.Status.UPHELD : Appeal.Status.REJECTED;
        appeal.resolvedBy = caller.accountId();
        appeal.resolvedAt = OffsetDateTime.now(clock);
        appeal.resolution = resolution;
        if (uphold) {
            ledger.reverse(appeal.entryId, "申诉成立：" + resolution, caller.accountId());
        }
        return appeal;
    }

    public List<Appeal> open() {
        // by the members' branches as they are now, as the decision is checked
        Set<UUID> nodes = access.secretaryNodes();
        if (!nodes.isEmpty()) {
            return Appeal.list("personId IN (SELECT m.personId FROM Member m WHERE m.branchNodeId IN ?1)"
                    + " AND status = ?2 ORDER BY raisedAt, id", nodes, Appeal.Status.OPEN);
        }
        if (!caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            throw ProblemException.forbidden("只有支部书记和镇级管理员处理申诉 only secretaries and town admins resolve");
        }
        return Appeal.<Appeal>list("status = ?1 ORDER BY raisedAt, id", Appeal.Status.OPEN).stream()
                .filter(a -> access.canSee(Member.findById(a.personId))).toList();
    }
}
