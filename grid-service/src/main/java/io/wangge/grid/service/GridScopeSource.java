package io.wangge.grid.service;

import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.ScopeSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A caller's places in grid-service: the nodes of its person's active assignments. */
@ApplicationScoped
public class GridScopeSource implements ScopeSource {

    @Inject
    EntityManager entityManager;

    @Override
    public Set<GridPath> assignedPaths(String accountId) {
        @SuppressWarnings("unchecked")
        List<String> paths = entityManager.createNativeQuery("""
                        SELECT n.path FROM assignment a
                          JOIN person p ON p.id = a.person_id
                          JOIN grid_node n ON n.id = a.node_id
                         WHERE p.account_id = ?1 AND p.status = 'ACTIVE' AND a.status = 'ACTIVE'
                           AND n.status = 'ACTIVE'""")
                .setParameter(1, accountId)
                .getResultList();
        return paths.stream().map(GridPath::new).collect(Collectors.toSet());
    }
}
