package io.wangge.platform.security;

import java.util.Set;

/**
 * Where a caller may act: the paths of the grid nodes the account is assigned to. Each service implements it
 * from its own data (grid-service from its assignments, the others from their read model of grid events).
 */
public interface ScopeSource {

    Set<GridPath> assignedPaths(String accountId);
}
