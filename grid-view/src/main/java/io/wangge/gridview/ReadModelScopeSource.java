package io.wangge.gridview;

import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.ScopeSource;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * A caller's places from the grid read model: the paths of its active assignments. Not a bean by itself: a
 * service that keeps the read model declares its own {@code @ApplicationScoped} subclass, so that grid-service,
 * which owns the data, is not given one.
 */
public abstract class ReadModelScopeSource implements ScopeSource {

    @Inject
    GridReadModel readModel;

    @Override
    public Set<GridPath> assignedPaths(String accountId) {
        return readModel.assignedPaths(accountId);
    }
}
