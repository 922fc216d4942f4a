package io.wangge.grid.service;

import io.wangge.grid.GridNode;
import io.wangge.grid.PartyBranch;
import io.wangge.grid.Person;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Party branches: created and placed by the admins of the place they belong to; seen by whoever sees that place.
 * A branch without a place (carried over from the free-text names) is seen and placed by the province admin only.
 */
@ApplicationScoped
public class PartyBranchService {

    static final int MAX_LISTED = 2000;

    @Inject
    GridAccess access;

    @Inject
    GridEvents events;

    @Inject
    Clock clock;

    /** A branch with the node it belongs to (null while unplaced). */
    public record Placed(PartyBranch branch, GridNode node) {
    }

    @Transactional
    public Placed create(UUID nodeId, String name) {
        GridNode node = placeFor(nodeId);
        PartyBranch branch = new PartyBranch();
        branch.id = UUID.randomUUID();
        branch.nodeId = node.id;
        branch.name = name.trim();
        branch.created(access.actor(), OffsetDateTime.now(clock));
        branch.persist();
        return new Placed(branch, node);
    }

    public Placed get(UUID id) {
        PartyBranch branch = PartyBranch.findById(id);
        GridNode node = branch == null || branch.nodeId == null ? null : GridNode.findById(branch.nodeId);
        if (branch == null || !visible(node)) {
            throw ProblemException.notFound("党支部", id);
        }
        return new Placed(branch, node);
    }

    /** A branch is seen where its node is; an unplaced one (node null) only by the caller bound to no place. */
    private boolean visible(GridNode node) {
        return node == null ? access.restrictingPaths() == null : access.isVisible(node);
    }

    /** The branch a person is put in: one the caller sees, else 400 naming the field. */
    public PartyBranch forMember(UUID id) {
        PartyBranch branch = PartyBranch.findById(id);
        if (branch == null || !visible(branch.nodeId == null ? null : GridNode.findById(branch.nodeId))) {
            throw ProblemException.invalid("partyBranchId", "党支部不存在 no such party branch");
        }
        return branch;
    }

    /** The branches placed at or below the node (or anywhere the caller sees), by place. */
    public List<Placed> list(UUID within) {
        Where where = new Where().within("n.path", access.restrictingPaths());
        if (within != null) {
            where.inSubtree("n.path", access.visibleNode(within).gridPath());
        }
        var query = PartyBranch.getEntityManager().createQuery("SELECT b, n FROM PartyBranch b, GridNode n"
                + " WHERE n.id = b.nodeId AND " + where.query("n.path, b.name"), Object[].class);
        Object[] parameters = where.parameters();
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        // a town has a few dozen branches; a county's list is bounded all the same
        List<Object[]> rows = query.setMaxResults(MAX_LISTED).getResultList();
        return rows.stream().map(r -> new Placed((PartyBranch) r[0], (GridNode) r[1])).toList();
    }

    /**
     * Renames or (re)places a branch: by an admin of its place and of the new one. Its members' records are
     * published again, so every service knows the branch's new name and place.
     */
    @Transactional
    public Placed update(UUID id, String ifMatch, String name, UUID nodeId) {
        Placed current = get(id);
        PartyBranch branch = current.branch();
        if (current.node() != null) {
            access.requireNodeAdmin(current.node());
        } else {
            access.requireRole(io.wangge.platform.security.Roles.PROVINCE_ADMIN);
        }
        LifeCycle.change(branch.version, ifMatch);
        GridNode node = current.node();
        if (nodeId != null && !nodeId.equals(branch.nodeId)) {
            node = placeFor(nodeId);
            branch.nodeId = node.id;
        }
        if (name != null) {
            if (name.isBlank()) {
                throw ProblemException.invalid("name", "名称不能为空 must not be blank");
            }
            branch.name = name.trim();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        branch.changed(access.actor(), now);
        PartyBranch.flush();
        for (Person member : Person.<Person>list("partyBranch.id", branch.id)) {
            events.person(member);
        }
        return new Placed(branch, node);
    }

    private GridNode placeFor(UUID nodeId) {
        GridNode node = access.visibleNode(nodeId);
        access.requireNodeAdmin(node);
        if (!node.isActive()) {
            throw ProblemException.conflict("网格已撤销 the node is retired");
        }
        if (PartyBranch.count("nodeId", node.id) > 0) {
            throw ProblemException.conflict(node.name + " 已有党支部 the node already has a party branch");
        }
        return node;
    }
}
