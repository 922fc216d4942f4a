package io.wangge.grid.service;

import io.wangge.grid.GridNode;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.GridScope;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who may see and change what in the net. Reads: any role, inside its subtrees (a node elsewhere is "not found").
 * Writes: town and county admins for nodes, people and assignments in their place; village cadres for
 * households and assignments inside their village.
 */
@ApplicationScoped
public class GridAccess {

    @Inject
    GridScope scope;

    @Inject
    Caller caller;

    /** The node, if it exists and lies in the caller's place; 404 otherwise. */
    public GridNode visibleNode(UUID id) {
        GridNode node = GridNode.findById(id);
        if (node == null || !scope.contains(node.gridPath())) {
            throw ProblemException.notFound("网格", id);
        }
        return node;
    }

    public boolean isVisible(GridNode node) {
        return scope.contains(node.gridPath());
    }

    /** Creating, changing, moving or retiring nodes, and managing people. */
    public void requireNodeAdmin(GridNode within) {
        requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        scope.requireWithin(within.gridPath());
    }

    /** Managing households and staff assignments. */
    public void requireStaffManager(GridNode within) {
        requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN, Roles.VILLAGE_CADRE);
        scope.requireWithin(within.gridPath());
    }

    public void requireRole(String... roles) {
        if (!caller.hasAnyRole(roles)) {
            throw ProblemException.forbidden("当前角色无权执行此操作 your role does not allow this");
        }
    }

    /** Whether the caller sees full phone numbers (cadres who call people) or masked ones. */
    public boolean seesPhones() {
        return caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN, Roles.VILLAGE_CADRE);
    }

    /** The caller's subtrees, or none for the province admin, who is not restricted. */
    public List<GridPath> restrictingPaths() {
        return scope.isUnrestricted() ? null : List.copyOf(scope.assignedPaths());
    }

    public Set<GridPath> assignedPaths() {
        return scope.assignedPaths();
    }

    public String actor() {
        return caller.accountId();
    }
}
