package io.wangge.platform.security;

import io.wangge.platform.rest.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * The place-based check: a caller acts only inside the subtrees of the nodes it is assigned to (a town admin is
 * assigned to its town, a village cadre to its village, a county admin to its county: the tree may hold several
 * counties, and a county's admin has no say in another). Only the province admin, the deployment's operator, is
 * bound to no place. Looked up once per request.
 */
@RequestScoped
public class GridScope {

    @Inject
    Caller caller;

    @Inject
    ScopeSource source;

    private Set<GridPath> assigned;

    public Set<GridPath> assignedPaths() {
        if (assigned == null) {
            assigned = caller.isAuthenticated() ? Set.copyOf(source.assignedPaths(caller.accountId())) : Set.of();
        }
        return assigned;
    }

    /** True for the province admin only: no place restriction. */
    public boolean isUnrestricted() {
        return caller.isAuthenticated() && caller.hasRole(Roles.PROVINCE_ADMIN);
    }

    /** True if the path lies in one of the caller's subtrees. */
    public boolean contains(GridPath path) {
        if (isUnrestricted()) {
            return true;
        }
        for (GridPath root : assignedPaths()) {
            if (path.isWithin(root)) {
                return true;
            }
        }
        return false;
    }

    /** For reads: something outside the caller's place is answered as if it did not exist. */
    public void requireVisible(GridPath path, String what, Object id) {
        if (!contains(path)) {
            throw ProblemException.notFound(what, id);
        }
    }

    /** For changes: acting outside the caller's place is forbidden. */
    public void requireWithin(GridPath path) {
        if (!contains(path)) {
            throw ProblemException.forbidden("不在您负责的网格范围内 outside the grid nodes you are assigned to");
        }
    }
}
