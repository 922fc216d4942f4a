package io.wangge.task.rest;

import io.wangge.gridview.GridReadModel;
import io.wangge.task.service.TaskAccess;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

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
    GridReadModel gridView;

    @Inject
    TaskAccess access;

    @GET
    public Status status(@QueryParam("nodeId") @NotNull UUID nodeId) {
        GridReadModel.Node node = access.visibleNode(nodeId);
        Map<String, Long> byLevel = gridView.countByLevel(node.path());
        long assignments = 0;
        Map<String, Long> primaries = new TreeMap<>();
        for (GridReadModel.StaffCount staff : gridView.staffCounts(node.path())) {
            assignments += staff.count();
            if (staff.primary()) {
                primaries.merge(staff.role(), staff.count(), Long::sum);
            }
        }
        return new Status(node.id(), node.name(), byLevel, assignments, primaries);
    }
}
