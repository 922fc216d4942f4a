package io.wangge.task.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.ScopeSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * task-service's read model of the grid, kept from wangge.grid: nodes with their paths and the staff
 * assignments that name each grid's primary responsible person. Upserts keep the newest version of each key, so
 * a replay from the beginning rebuilds it and a late, older state never overwrites a newer one. It also answers
 * where a caller may act.
 */
@ApplicationScoped
public class GridReadModel implements ScopeSource {

    @Inject
    EntityManager entityManager;

    /** Applies one wangge.grid event; runs inside the inbox's transaction. */
    public void apply(InboundEvent event) {
        JsonNode data = event.data();
        switch (event.type()) {
            case "wangge.node.created.v1", "wangge.node.updated.v1", "wangge.node.retired.v1" -> upsertNode(data);
            case "wangge.node.moved.v1" -> {
                upsertNode(data);
                // Tasks carry their grid's path for subtree queries; a moved grid takes its tasks along.
                entityManager.createNativeQuery("UPDATE task SET node_path = ?1 WHERE node_id = ?2")
                        .setParameter(1, data.path("path").asText())
                        .setParameter(2, UUID.fromString(data.path("nodeId").asText()))
                        .executeUpdate();
            }
            case "wangge.assignment.started.v1", "wangge.assignment.ended.v1" -> upsertAssignment(data);
            default -> Log.debugf("task-service ignores %s", event.type());
        }
    }

    private void upsertNode(JsonNode data) {
        entityManager.createNativeQuery("""
                        INSERT INTO grid_node_view (id, code, name, level, parent_id, path, depth, status, version)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                        ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
                            level = EXCLUDED.level, parent_id = EXCLUDED.parent_id, path = EXCLUDED.path,
                            depth = EXCLUDED.depth, status = EXCLUDED.status, version = EXCLUDED.version
                        WHERE grid_node_view.version <= EXCLUDED.version""")
                .setParameter(1, UUID.fromString(data.path("nodeId").asText()))
                .setParameter(2, data.path("code").asText())
                .setParameter(3, data.path("name").asText())
                .setParameter(4, data.path("level").asText())
                .setParameter(5, data.path("parentId").isTextual() ? UUID.fromString(data.path("parentId").asText())
                        : null)
                .setParameter(6, data.path("path").asText())
                .setParameter(7, data.path("depth").asInt())
                .setParameter(8, data.path("status").asText())
                .setParameter(9, data.path("version").asLong())
                .executeUpdate();
    }

    private void upsertAssignment(JsonNode data) {
        entityManager.createNativeQuery("""
                        INSERT INTO assignment_view (id, person_id, account_id, person_name, node_id, node_path, role,
                                                     is_primary, status, version)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                        ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id,
                            person_name = EXCLUDED.person_name, node_path = EXCLUDED.node_path,
                            is_primary = EXCLUDED.is_primary, status = EXCLUDED.status, version = EXCLUDED.version
                        WHERE assignment_view.version <= EXCLUDED.version""")
                .setParameter(1, UUID.fromString(data.path("assignmentId").asText()))
                .setParameter(2, UUID.fromString(data.path("personId").asText()))
                .setParameter(3, data.path("accountId").isTextual() ? data.path("accountId").asText() : null)
                .setParameter(4, data.path("personName").asText())
                .setParameter(5, UUID.fromString(data.path("nodeId").asText()))
                .setParameter(6, data.path("nodePath").asText())
                .setParameter(7, data.path("role").asText())
                .setParameter(8, data.path("primary").asBoolean())
                .setParameter(9, data.path("status").asText())
                .setParameter(10, data.path("version").asLong())
                .executeUpdate();
    }

    @Override
    public Set<GridPath> assignedPaths(String accountId) {
        @SuppressWarnings("unchecked")
        List<String> paths = entityManager.createNativeQuery(
                        "SELECT node_path FROM assignment_view WHERE account_id = ?1 AND status = 'ACTIVE'")
                .setParameter(1, accountId)
                .getResultList();
        return paths.stream().map(GridPath::new).collect(Collectors.toSet());
    }
}
