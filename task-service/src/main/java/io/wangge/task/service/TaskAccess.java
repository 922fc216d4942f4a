package io.wangge.task.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.GridScope;
import io.wangge.platform.security.Roles;
import io.wangge.task.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * Who may do what with key work and tasks: town admins cast work into their town; workers see and act on their
 * own grids' tasks; verifying needs a cadre of a node above the task's grid; nobody acts outside their place.
 */
@ApplicationScoped
public class TaskAccess {

    @Inject
    GridScope scope;

    @Inject
    Caller caller;

    @Inject
    GridReadModel grid;

    public void requireRole(String... roles) {
        if (!caller.hasAnyRole(roles)) {
            throw ProblemException.forbidden("当前角色无权执行此操作 your role does not allow this");
        }
    }

    /** Creating, dispatching and closing key work over these nodes. */
    public void requireKeyWorkAdmin(List<GridPath> scopeRoots) {
        requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        scopeRoots.forEach(scope::requireWithin);
    }

    public boolean isVisible(Task task) {
        return scope.contains(task.gridPath());
    }

    /** A node of the caller's place; any other, or none, is 404 (a place outside one's own is not named). */
    public GridReadModel.Node visibleNode(UUID nodeId) {
        GridReadModel.Node node = grid.node(nodeId).orElse(null);
        if (node == null || !isVisible(node.path())) {
            throw ProblemException.notFound("网格", nodeId);
        }
        return node;
    }

    public boolean isVisible(GridPath path) {
        return scope.contains(path);
    }

    public void requireWithinScope(GridPath path) {
        scope.requireWithin(path);
    }

    public Task visible(Task task, Object id) {
        if (task == null || !isVisible(task)) {
            throw ProblemException.notFound("任务", id);
        }
        return task;
    }

    /** Accepting, doing, submitting and escalating: the grid's own staff and the cadres above. */
    public void requireWorker(Task task) {
        requireRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        scope.requireWithin(task.gridPath());
    }

    /** Verifying or returning: a cadre assigned to a node strictly above the task's grid. */
    public void requireVerifier(Task task) {
        requireAbove(task.gridPath(), "须由上级网格的干部核验 only a cadre of an upper node verifies");
    }

    /** Supervising (督办) a grid's work: a cadre assigned to a node strictly above the grid. */
    public void requireAbove(GridPath grid, String refusal) {
        requireRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        if (scope.isUnrestricted()) {
            return;
        }
        boolean above = scope.assignedPaths().stream()
                .anyMatch(path -> grid.isWithin(path) && !grid.equals(path));
        if (!above) {
            throw ProblemException.forbidden(refusal);
        }
    }

    /** Cancelling and reassigning: cadres of the place. */
    public void requireSupervisor(Task task) {
        requireCadreWithin(task.gridPath());
    }

    /** Settings of a node (its group's webhook): a cadre of the node or of a node above it. */
    public void requireCadreWithin(GridPath path) {
        requireRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        scope.requireWithin(path);
    }

    /** The caller's subtrees, or null for the province admin, who is not restricted. */
    public List<GridPath> restrictingPaths() {
        return scope.isUnrestricted() ? null : List.copyOf(scope.assignedPaths());
    }

    /** Cadres who phone residents back see a reporter's number; others see it masked. */
    public boolean seesPhones() {
        return caller.hasAnyRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
    }

    public String actor() {
        return caller.accountId();
    }
}
