package io.wangge.points.service;

import io.wangge.platform.grid.GridReadModel;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.ScopeSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** A caller's places in party-points-service: its assignments in the grid read model. */
@ApplicationScoped
public class PointsScopeSource implements ScopeSource {

    @Inject
    GridReadModel readModel;

    @Override
    public Set<GridPath> assignedPaths(String accountId) {
        return readModel.assignedPaths(accountId);
    }
}
