package io.wangge.points.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Duties;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.GridScope;
import io.wangge.platform.security.Roles;
import io.wangge.points.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who sees and decides whose points: a member their own; a branch secretary their branch; village cadres and
 * town admins the members placed in their place; only town admins change rules.
 */
@ApplicationScoped
public class PointsAccess {

    /** The post (grid-service's role of a staff assignment) that leads a party branch. */
    private static final String BRANCH_SECRETARY = "BRANCH_SECRETARY";
    /** The actor of entries the rules book by themselves. */
    private static final String SYSTEM = "system";

    @Inject
    Caller caller;

    @Inject
    GridScope scope;

    @Inject
    GridReadModel gridView;

    @Inject
    Ledger ledger;

    public Optional<Member> me() {
        return Member.find("accountId", caller.accountId()).firstResultOptional();
    }

    /**
     * The nodes whose branches the caller leads: where they hold the BRANCH_SECRETARY post. A branch is known by
     * its node, so a secretary of a "马家村党支部" has no say over another town's branch of the same name; and only
     * with a cadre's realm role.
     */
    public Set<UUID> secretaryNodes() {
        // the post is not enough: the login must carry the cadre's realm role too (a member's token does not)
        if (!caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            return Set.of();
        }
        return me().map(m -> gridView.nodesWhereHolds(m.personId, BRANCH_SECRETARY)).orElse(Set.of());
    }

    /** The ids of the branches the caller leads, as their members' records name them. */
    public Set<UUID> secretaryBranches() {
        Set<UUID> nodes = secretaryNodes();
        if (nodes.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(Member.getEntityManager().createQuery("SELECT DISTINCT m.branchId FROM Member m"
                + " WHERE m.branchNodeId IN ?1 AND m.branchId IS NOT NULL", UUID.class)
                .setParameter(1, nodes).getResultList());
    }

    /** Whether the caller is the secretary of the member's branch. */
    public boolean leadsBranchOf(Member member) {
        return member.branchNodeId != null && secretaryNodes().contains(member.branchNodeId);
    }

    public boolean canSee(Member member) {
        if (member.accountId != null && member.accountId.equals(caller.accountId())) {
            return true;
        }
        if (leadsBranchOf(member)) {
            return true;
        }
        if (!caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            return false;
        }
        String place = ledger.place(member.personId);
        return scope.isUnrestricted() || (place != null && scope.contains(new GridPath(place)));
    }

    public Member visibleMember(java.util.UUID personId) {
        Member member = Member.findById(personId);
        if (member == null || !canSee(member)) {
            throw ProblemException.notFound("党员", personId);
        }
        return member;
    }

    /** Approving or rejecting awards and resolving corrections: the member's branch secretary or a town admin. */
    public void requireDecider(Member member) {
        boolean secretary = leadsBranchOf(member);
        boolean admin = caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN) && canSee(member);
        if (!secretary && !admin) {
            throw ProblemException.forbidden("须由所在党支部书记审批 only the member's branch secretary decides");
        }
    }

    /**
     * Deciding an appeal: never the member nor whoever took the decision appealed against. An entry the rules booked
     * by themselves ({@code system}) goes to the member's branch secretary or a town admin; one a person decided (an
     * award's approver) goes to someone placed above that person: a post at a strict ancestor of every post of
     * theirs (the county admin is above everyone of their county; the province admin above everyone).
     */
    public void requireAppealDecider(Member member, String decidedBy) {
        Duties.notTheirOwn(caller.accountId(), "decide an appeal on", member.accountId, decidedBy);
        if (decidedBy == null || SYSTEM.equals(decidedBy)) {
            requireDecider(member);
            return;
        }
        boolean above = caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)
                && canSee(member) && placedAbove(decidedBy);
        if (!above) {
            throw ProblemException.forbidden("申诉须由原决定者的上级处理 an appeal is decided above the level that"
                    + " decided (" + decidedBy + ")");
        }
    }

    private boolean placedAbove(String account) {
        if (scope.isUnrestricted()) {
            return true;
        }
        Set<GridPath> theirs = gridView.assignedPaths(account);
        Set<GridPath> mine = scope.assignedPaths();
        return !theirs.isEmpty() && theirs.stream().allMatch(their -> mine.stream()
                .anyMatch(own -> their.isWithin(own) && !their.equals(own)));
    }

    /**
     * The point rules hold for every county of the deployment: only the admin above them all (the province admin)
     * changes them; a county admin, bound to their county, does not.
     */
    public void requireRuleAdmin() {
        if (!caller.hasRole(Roles.PROVINCE_ADMIN)) {
            throw ProblemException.forbidden("只有省级管理员可以修改积分规则 only the province admin changes the rules");
        }
    }

    public List<GridPath> restrictingPaths() {
        return scope.isUnrestricted() ? null : List.copyOf(scope.assignedPaths());
    }

    public GridScope scope() {
        return scope;
    }

    public String actor() {
        return caller.accountId();
    }
}
