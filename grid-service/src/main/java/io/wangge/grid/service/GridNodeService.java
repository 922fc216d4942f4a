package io.wangge.grid.service;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Household;
import io.wangge.grid.Level;
import io.wangge.grid.Person;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.GridPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The grid tree: creating, changing, moving and retiring nodes, and reading subtrees and breadcrumbs. */
@ApplicationScoped
public class GridNodeService {

    @Inject
    GridAccess access;

    @Inject
    GridEvents events;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /** A node's changeable attributes. */
    public record Attributes(String name, Integer households, Integer population, BigDecimal areaKm2,
                             String contactChannel, Map<String, Object> boundary) {
    }

    @Transactional
    public GridNode create(String code, Level level, UUID parentId, Attributes attributes) {
        GridNode parent = null;
        if (level.isDivisionAboveTown()) {
            // a province, city or county is founded by the province's operator; a county admin's place is the
            // county it is posted to
            access.requireRole(io.wangge.platform.security.Roles.PROVINCE_ADMIN);
        }
        if (parentId == null) {
            if (!level.isDivisionAboveTown()) {
                throw ProblemException.invalid("parentId", "须指定上级网格 a " + level + " needs a parent");
            }
        } else {
            if (level == Level.PROVINCE) {
                throw ProblemException.invalid("parentId", "省级节点没有上级 a province has no parent");
            }
            parent = access.visibleNode(parentId);
            if (!level.isDivisionAboveTown()) {
                access.requireNodeAdmin(parent);
            }
            // the parent's row, locked and read again: a move of the parent's subtree waits for this node (and
            // re-paths it), or this waits for the move and takes the parent's new path
            entityManager.refresh(parent, LockModeType.PESSIMISTIC_WRITE);
            requireMayHold(parent, level, "parentId");
        }
        CodeRules.problem(code, level, parent == null ? null : parent.code, parent == null ? null : parent.level)
                .ifPresent(problem -> {
                    throw ProblemException.invalid("code", problem);
                });
        if (GridNode.count("code", code) > 0) {
            throw ProblemException.conflict("编码 " + code + " 已被使用 code " + code + " is already issued");
        }
        GridNode node = new GridNode();
        node.id = UUID.randomUUID();
        node.code = code;
        node.level = level;
        node.divisionKind = CodeRules.kind(code, level).orElse(null);
        node.parentId = parent == null ? null : parent.id;
        GridPath path = parent == null ? GridPath.root(node.id) : parent.gridPath().child(node.id);
        node.path = path.value();
        node.depth = path.depth();
        apply(node, attributes);
        node.created(access.actor(), OffsetDateTime.now(clock));
        node.persist();
        events.node(GridTopic.NODE_CREATED, node);
        return node;
    }

    public GridNode get(UUID id) {
        return access.visibleNode(id);
    }

    @Transactional
    public GridNode update(UUID id, String ifMatch, Attributes attributes) {
        GridNode node = access.visibleNode(id);
        access.requireNodeAdmin(node);
        LifeCycle.change(node.version, ifMatch);
        requireActive(node);
        apply(node, attributes);
        node.changed(access.actor(), OffsetDateTime.now(clock));
        events.node(GridTopic.NODE_UPDATED, node);
        return node;
    }

    /** Retires a node that nothing active depends on any more; otherwise 409 naming what blocks it. */
    @Transactional
    public GridNode retire(UUID id, String ifMatch) {
        GridNode node = access.visibleNode(id);
        access.requireNodeAdmin(node);
        LifeCycle.change(node.version, ifMatch);
        requireActive(node);
        long children = GridNode.count("parentId = ?1 AND status = ?2", node.id, GridNode.Status.ACTIVE);
        long staff = Assignment.count("nodeId = ?1 AND status = ?2", node.id, Assignment.Status.ACTIVE);
        long households = Household.count("microGridId = ?1 AND status = ?2", node.id, Household.Status.ACTIVE);
        if (children + staff + households > 0) {
            List<String> blockers = new ArrayList<>();
            if (children > 0) {
                blockers.add(children + " 个在用下级网格 active child nodes");
            }
            if (staff > 0) {
                blockers.add(staff + " 个在岗人员 active assignments");
            }
            if (households > 0) {
                blockers.add(households + " 户在册住户 active households");
            }
            throw ProblemException.conflict("无法撤销，仍有 cannot retire, still has: " + String.join("; ", blockers));
        }
        node.status = GridNode.Status.RETIRED;
        node.changed(access.actor(), OffsetDateTime.now(clock));
        events.node(GridTopic.NODE_RETIRED, node);
        return node;
    }

    /**
     * Moves a node under a new parent. The subtree's paths are rewritten in one statement; every node of the
     * subtree, and every active assignment and household in it, is published again with its new path.
     */
    @Transactional
    public GridNode move(UUID id, UUID newParentId, String ifMatch) {
        GridNode node = access.visibleNode(id);
        access.requireNodeAdmin(node);
        LifeCycle.change(node.version, ifMatch);
        requireActive(node);
        if (newParentId == null) {
            throw ProblemException.invalid("newParentId", "须指定新的上级网格 the new parent is required");
        }
        GridNode newParent = access.visibleNode(newParentId);
        access.requireNodeAdmin(newParent);
        if (newParent.gridPath().isWithin(node.gridPath())) {
            throw ProblemException.invalid("newParentId", "不能移到自身或其下级之下 cannot move a node under itself");
        }
        requireActive(newParent);
        requireMayHold(newParent, node.level, "newParentId");
        if (node.level.isDivisionAboveTown()) {
            // a city or county belongs where its GB/T 2260 code says; below the county a moved node keeps the code
            // it was issued (codes are never re-issued), which names where it was founded
            CodeRules.problem(node.code, node.level, newParent.code, newParent.level).ifPresent(problem -> {
                throw ProblemException.invalid("newParentId", problem);
            });
        }
        if (newParent.id.equals(node.parentId)) {
            return node;
        }

        String oldPrefix = node.path;
        String newPrefix = newParent.path + node.id + "/";
        int depthDelta = newParent.depth + 1 - node.depth;
        UUID previousParentId = node.parentId;
        String actor = access.actor();
        OffsetDateTime now = OffsetDateTime.now(clock);
        entityManager.flush();
        GridPath oldPath = node.gridPath();
        // every row of the subtree locked, in path order, before it is re-pathed: a node being created under one
        // of them is committed first and re-pathed with the others (the UPDATE below sees it)
        entityManager.createNativeQuery("SELECT id FROM grid_node WHERE path >= ?1 AND path < ?2 ORDER BY path"
                        + " FOR UPDATE")
                .setParameter(1, oldPath.value()).setParameter(2, oldPath.subtreeUpperBound()).getResultList();
        // the households under it leave the phones of the place they were in (their old path, stamped first) ...
        entityManager.createNativeQuery("""
                        INSERT INTO household_sync_departure (household_id, path)
                        SELECT h.id, n.path FROM household h JOIN grid_node n ON n.id = h.micro_grid_id
                         WHERE n.path >= ?1 AND n.path < ?2""")
                .setParameter(1, oldPath.value()).setParameter(2, oldPath.subtreeUpperBound()).executeUpdate();
        entityManager.createNativeQuery("""
                        UPDATE grid_node
                           SET path = ?1 || substring(path FROM ?2),
                               depth = depth + ?3,
                               parent_id = CASE WHEN id = ?4 THEN ?5 ELSE parent_id END,
                               version = version + 1,
                               updated_by = ?6,
                               updated_at = ?7
                         WHERE path >= ?8 AND path < ?9""")
                .setParameter(1, newPrefix)
                .setParameter(2, oldPrefix.length() + 1)
                .setParameter(3, depthDelta)
                .setParameter(4, node.id)
                .setParameter(5, newParent.id)
                .setParameter(6, actor)
                .setParameter(7, now)
                .setParameter(8, oldPath.value())
                .setParameter(9, oldPath.subtreeUpperBound())
                .executeUpdate();
        // ... and reach the phones of the place they are in now (stamped after the departure)
        entityManager.createNativeQuery("""
                        UPDATE household h SET sync_seq = nextval('household_sync_seq')
                          FROM grid_node n WHERE n.id = h.micro_grid_id AND n.path >= ?1 AND n.path < ?2""")
                .setParameter(1, newPrefix).setParameter(2, new GridPath(newPrefix).subtreeUpperBound())
                .executeUpdate();
        entityManager.clear();

        GridPath newPath = new GridPath(newPrefix);
        List<GridNode> moved = GridNode.list("path >= ?1 AND path < ?2 ORDER BY path", newPath.value(),
                newPath.subtreeUpperBound());
        List<GridEvents.Moved> moves = new ArrayList<>(moved.size());
        for (GridNode each : moved) {
            // below the moved node nothing changes but the prefix: the previous path and parent follow from it
            UUID previousParent = each.id.equals(node.id) ? previousParentId : each.parentId;
            String previousPath = oldPrefix + each.path.substring(newPrefix.length());
            moves.add(new GridEvents.Moved(each, previousParent, previousPath, node.id));
        }
        events.moved(moves);
        republishDependents(moved);
        return GridNode.findById(node.id);
    }

    /** Assignments and households carry their node's path: after a move their latest record must too. */
    private void republishDependents(List<GridNode> nodes) {
        Map<UUID, GridNode> byId = nodes.stream().collect(Collectors.toMap(n -> n.id, Function.identity()));
        List<UUID> ids = List.copyOf(byId.keySet());
        List<OutgoingEvent> republished = new ArrayList<>();
        List<Assignment> assignments = Assignment.list("nodeId IN ?1 AND status = ?2 ORDER BY id",
                ids, Assignment.Status.ACTIVE);
        List<UUID> personIds = assignments.stream().map(a -> a.personId).distinct().toList();
        Map<UUID, Person> people = personIds.isEmpty() ? Map.of() : Person.<Person>list("id IN ?1", personIds)
                .stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
        for (Assignment assignment : assignments) {
            republished.add(events.assignmentEvent(assignment, people.get(assignment.personId),
                    byId.get(assignment.nodeId)));
        }
        for (Household household : Household.<Household>list("microGridId IN ?1 AND status = ?2 ORDER BY id",
                ids, Household.Status.ACTIVE)) {
            republished.add(events.householdEvent(household, byId.get(household.microGridId)));
        }
        events.recordAll(republished);
    }

    public Page<GridNode> children(UUID id, boolean includeRetired, PageRequest page) {
        GridNode node = access.visibleNode(id);
        Where where = new Where().and("parentId = ?", node.id);
        if (!includeRetired) {
            where.and("status = ?", GridNode.Status.ACTIVE);
        }
        return page.list(GridNode.class, "n", where, "code, id", Function.identity());
    }

    /** The subtree below a node (itself excluded), depth-first in path order, optionally of one level. */
    public Page<GridNode> subtree(UUID id, Level level, boolean includeRetired, PageRequest page) {
        GridNode node = access.visibleNode(id);
        Where where = new Where().inSubtree("path", node.gridPath()).and("id <> ?", node.id);
        if (level != null) {
            where.and("level = ?", level);
        }
        if (!includeRetired) {
            where.and("status = ?", GridNode.Status.ACTIVE);
        }
        return page.list(GridNode.class, "n", where, "path", Function.identity());
    }

    /** The breadcrumb from the root down to the node. */
    public List<GridNode> ancestors(UUID id) {
        GridNode node = access.visibleNode(id);
        List<GridNode> chain = GridNode.list("id IN ?1", node.gridPath().ids());
        chain.sort(Comparator.comparingInt(n -> n.depth));
        return chain;
    }

    /** Nodes in the caller's place whose name contains {@code text} or whose code starts with it. */
    public Page<GridNode> search(String text, String codePrefix, Level level, boolean includeRetired,
                                 PageRequest page) {
        Where where = new Where().within("path", access.restrictingPaths());
        if (text != null && !text.isBlank()) {
            where.and("(name LIKE ? OR code LIKE ?)", "%" + likeEscaped(text.trim()) + "%",
                    likeEscaped(text.trim()) + "%");
        }
        if (codePrefix != null && !codePrefix.isBlank()) {
            where.and("code LIKE ?", likeEscaped(codePrefix.trim()) + "%");
        }
        if (level != null) {
            where.and("level = ?", level);
        }
        if (!includeRetired) {
            where.and("status = ?", GridNode.Status.ACTIVE);
        }
        return page.list(GridNode.class, "n", where, "code, id", Function.identity());
    }

    GridNode requireActive(GridNode node) {
        if (!node.isActive()) {
            throw ProblemException.conflict("网格 " + node.name + " 已撤销 node " + node.code + " is retired");
        }
        return node;
    }

    private static void requireMayHold(GridNode parent, Level level, String field) {
        if (!parent.level.mayHold(level)) {
            throw ProblemException.invalid(field, parent.level + " 之下不能设 " + level + " a " + parent.level
                    + " holds only " + parent.level.childLevels());
        }
    }

    private static void apply(GridNode node, Attributes attributes) {
        node.name = attributes.name().trim();
        node.households = attributes.households();
        node.population = attributes.population();
        node.areaKm2 = attributes.areaKm2();
        node.contactChannel = attributes.contactChannel();
        node.boundary = attributes.boundary();
    }

    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
