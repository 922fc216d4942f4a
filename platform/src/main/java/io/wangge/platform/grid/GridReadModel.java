package io.wangge.platform.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.security.GridPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A consuming service's read model of the grid, kept from wangge.grid: nodes with their paths, and staff
 * assignments (who is primary where, and each login's places). Upserts keep the newest version of each key, so
 * a replay from the beginning rebuilds it and a late, older state never overwrites a newer one. The tables come
 * from the {@code db/grid-read-model} migrations; a service consumes wangge.grid through its inbox and hands each
 * event to {@link #apply}.
 */
@ApplicationScoped
public class GridReadModel {

    /** A node as the read model holds it. */
    public record Node(UUID id, String code, String name, String level, UUID parentId, GridPath path, int depth,
                       String status) {
    }

    /** The wangge.grid event types the read model is built from. */
    public static final Set<String> TYPES = Set.of("wangge.node.created.v1", "wangge.node.updated.v1",
            "wangge.node.retired.v1", "wangge.node.moved.v1", "wangge.assignment.started.v1",
            "wangge.assignment.ended.v1");

    @Inject
    AgroalDataSource dataSource;

    /** Applies one wangge.grid event; call it inside the inbox's transaction. Returns true if it was a node move. */
    public boolean apply(InboundEvent event) throws SQLException {
        JsonNode data = event.data();
        switch (event.type()) {
            case "wangge.node.created.v1", "wangge.node.updated.v1", "wangge.node.retired.v1" -> {
                upsertNode(data);
                return false;
            }
            case "wangge.node.moved.v1" -> {
                upsertNode(data);
                return true;
            }
            case "wangge.assignment.started.v1", "wangge.assignment.ended.v1" -> {
                upsertAssignment(data);
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** The paths of the account's active assignments: where its holder may act. */
    public Set<GridPath> assignedPaths(String accountId) {
        Set<GridPath> paths = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT node_path FROM assignment_view WHERE account_id = ? AND status = 'ACTIVE'")) {
            select.setString(1, accountId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    paths.add(new GridPath(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the caller's places", e);
        }
        return paths;
    }

    public Optional<Node> node(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT id, code, name, level, parent_id, path, depth,"
                     + " status FROM grid_node_view WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Node(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, UUID.class), new GridPath(rs.getString(6)), rs.getInt(7),
                        rs.getString(8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read grid node " + id, e);
        }
    }

    private void upsertNode(JsonNode data) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("""
                     INSERT INTO grid_node_view (id, code, name, level, parent_id, path, depth, status, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
                         level = EXCLUDED.level, parent_id = EXCLUDED.parent_id, path = EXCLUDED.path,
                         depth = EXCLUDED.depth, status = EXCLUDED.status, version = EXCLUDED.version
                     WHERE grid_node_view.version <= EXCLUDED.version""")) {
            upsert.setObject(1, UUID.fromString(data.path("nodeId").asText()));
            upsert.setString(2, data.path("code").asText());
            upsert.setString(3, data.path("name").asText());
            upsert.setString(4, data.path("level").asText());
            upsert.setObject(5, data.path("parentId").isTextual() ? UUID.fromString(data.path("parentId").asText())
                    : null);
            upsert.setString(6, data.path("path").asText());
            upsert.setInt(7, data.path("depth").asInt());
            upsert.setString(8, data.path("status").asText());
            upsert.setLong(9, data.path("version").asLong());
            upsert.executeUpdate();
        }
    }

    private void upsertAssignment(JsonNode data) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("""
                     INSERT INTO assignment_view (id, person_id, account_id, person_name, node_id, node_path, role,
                                                  is_primary, status, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id,
                         person_name = EXCLUDED.person_name, node_path = EXCLUDED.node_path,
                         is_primary = EXCLUDED.is_primary, status = EXCLUDED.status, version = EXCLUDED.version
                     WHERE assignment_view.version <= EXCLUDED.version""")) {
            upsert.setObject(1, UUID.fromString(data.path("assignmentId").asText()));
            upsert.setObject(2, UUID.fromString(data.path("personId").asText()));
            upsert.setString(3, data.path("accountId").isTextual() ? data.path("accountId").asText() : null);
            upsert.setString(4, data.path("personName").asText());
            upsert.setObject(5, UUID.fromString(data.path("nodeId").asText()));
            upsert.setString(6, data.path("nodePath").asText());
            upsert.setString(7, data.path("role").asText());
            upsert.setBoolean(8, data.path("primary").asBoolean());
            upsert.setString(9, data.path("status").asText());
            upsert.setLong(10, data.path("version").asLong());
            upsert.executeUpdate();
        }
    }
}
