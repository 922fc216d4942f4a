package io.wangge.task.rest;

import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridScope;
import io.wangge.task.GridNodeView;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What task-service's grid read model holds under a node: active nodes per level, active staff assignments and
 * primary posts per role. Operators (and the local run) check it before dispatching, since a dispatch casts to
 * what is known: a grid whose worker has not arrived yet is dispatched unassigned.
 */
@Path("/api/grid-status")
public class GridStatusResource {

    /** Counts under a node. */
    public record Status(UUID nodeId, String name, Map<String, Long> activeNodesByLevel, long activeAssignments,
                         Map<String, Long> primaryPostsByRole) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    GridScope scope;

    @GET
    public Status status(@QueryParam("nodeId") @NotNull UUID nodeId) {
        GridNodeView node = GridNodeView.findById(nodeId);
        if (node == null || !scope.contains(node.gridPath())) {
            throw ProblemException.notFound("网格", nodeId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT level, count(*) FROM grid_node_view
                         WHERE path >= ?1 AND path < ?2 AND status = 'ACTIVE' GROUP BY level""")
                .setParameter(1, node.path).setParameter(2, node.gridPath().subtreeUpperBound()).getResultList();
        Map<String, Long> byLevel = new TreeMap<>();
        rows.forEach(row -> byLevel.put((String) row[0], ((Number) row[1]).longValue()));
        @SuppressWarnings("unchecked")
        List<Object[]> staff = entityManager.createNativeQuery("""
                        SELECT role, is_primary, count(*) FROM assignment_view
                         WHERE node_path >= ?1 AND node_path < ?2 AND status = 'ACTIVE' GROUP BY role, is_primary""")
                .setParameter(1, node.path).setParameter(2, node.gridPath().subtreeUpperBound()).getResultList();
        long assignments = 0;
        Map<String, Long> primaries = new TreeMap<>();
        for (Object[] row : staff) {
            long count = ((Number) row[2]).longValue();
            assignments += count;
            if ((Boolean) row[1]) {
                primaries.merge((String) row[0], count, Long::sum);
            }
        }
        return new Status(node.id, node.name, byLevel, assignments, primaries);
    }
}
