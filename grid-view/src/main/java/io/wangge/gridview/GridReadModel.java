package io.wangge.gridview;

import io.agroal.api.AgroalDataSource;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.security.GridPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A consuming service's read model of the grid, kept from wangge.grid, and its one door to grid-service's data:
 * nodes with their paths, and staff assignments (who is primary where, each login's places, each person's place).
 * Upserts keep the newest version of each key, so a replay from the beginning rebuilds it and a late, older state
 * never overwrites a newer one. The tables come from the {@code db/grid-read-model} migrations; a service consumes
 * wangge.grid through its inbox and hands each batch to {@link #applyAll}. The nodes a batch moved are announced
 * together as one {@link Moved} CDI event inside the same transaction, so that each service re-paths its own rows
 * with one statement per table, however large the moved subtree.
 */
@ApplicationScoped
public class GridReadModel {

    /** A node as the read model holds it. */
    public record Node(UUID id, String code, String name, String level, UUID parentId, GridPath path, int depth,
                       String status) {
    }

    /** The wangge.grid event types the read model is built from. */
    public static final Set<String> TYPES = union(GridTopic.NODE_STATES, GridTopic.ASSIGNMENT_STATES);

    /**
     * The nodes a batch of events moved, each with its new path (a moved subtree's descendants included, since
     * grid-service re-emits them): observe it to re-path your own rows, one statement per table.
     */
    public record Moved(Map<UUID, GridPath> paths) {

        /** The moved nodes as rows {@code m (id, path)} to join or update from, once {@link #bind bound}. */
        public static final String NODES = "unnest(CAST(?1 AS uuid[]), CAST(?2 AS text[])) AS m (id, path)";

        public Moved {
            paths = Map.copyOf(paths);
        }

        /** Binds the moved nodes' ids and new paths to a native query that reads {@link #NODES}. */
        public <Q extends jakarta.persistence.Query> Q bind(Q query) {
            List<UUID> ids = paths.keySet().stream().sorted().toList();
            query.setParameter(1, array(ids.stream().map(UUID::toString).toList()));
            query.setParameter(2, array(ids.stream().map(id -> paths.get(id).value()).toList()));
            return query;
        }

        /**
         * Gives {@code table}'s rows of the moved nodes their new paths, in one statement: {@code pathColumn} of
         * each row whose {@code nodeColumn} names a moved node, with any {@code alsoSet} assignments (e.g. a
         * version, so that a step read before the move fails its check). Returns how many rows moved.
         */
        public int repath(jakarta.persistence.EntityManager entityManager, String table, String nodeColumn,
                          String pathColumn, String... alsoSet) {
            String also = alsoSet.length == 0 ? "" : ", " + String.join(", ", alsoSet);
            return bind(entityManager.createNativeQuery("UPDATE " + table + " t SET " + pathColumn + " = m.path"
                    + also + " FROM " + NODES + " WHERE t." + nodeColumn + " = m.id AND t." + pathColumn
                    + " <> m.path")).executeUpdate();
        }

        // ids and paths hold only hex digits, dashes and slashes: nothing a PostgreSQL array literal would quote
        private static String array(List<String> values) {
            return values.stream().collect(java.util.stream.Collectors.joining(",", "{", "}"));
        }
    }

    /** An active post: who holds it, where, in which role. */
    public record Post(UUID personId, String accountId, String personName, UUID nodeId, GridPath path, String role,
                       boolean primary) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<Moved> moved;

    /** Applies one wangge.grid event; see {@link #applyAll}. */
    public void apply(InboundEvent event) throws SQLException {
        applyAll(List.of(event));
    }

    /**
     * Applies a batch of wangge.grid events in their order; call it inside the inbox's transaction (observers of a
     * move run in it too). A node whose path an applied state changes is moved, whatever the event's type; a state
     * older than the one held changes nothing and moves nothing (a re-driven old move never drags rows back).
     */
    public void applyAll(List<InboundEvent> events) throws SQLException {
        Map<UUID, GridPath> movedNow = new java.util.LinkedHashMap<>();
        for (InboundEvent event : events) {
            if (GridTopic.NODE_STATES.contains(event.type())) {
                GridTopic.Node node = event.as(GridTopic.Node.class);
                Optional<String> before = upsertNode(node);
                if (before.isPresent() && !before.get().equals(node.path())) {
                    movedNow.put(node.nodeId(), new GridPath(node.path()));
                }
            } else if (GridTopic.ASSIGNMENT_STATES.contains(event.type())) {
                upsertAssignment(event.as(GridTopic.Assignment.class));
            }
            // other grid events (people, households) are not part of the read model
        }
        if (!movedNow.isEmpty()) {
            moved.fire(new Moved(movedNow));
        }
    }

    /** Every type of two sets. */
    public static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The active children of a node, by code. */
    public List<Node> children(UUID id) {
        List<Node> children = new ArrayList<>();
        query("SELECT " + NODE_COLUMNS + " FROM grid_node_view WHERE parent_id = ? AND status = 'ACTIVE' ORDER BY code",
                (c, select) -> select.setObject(1, id), rs -> children.add(node(rs)),
                "the children of grid node " + id);
        return children;
    }

    /** The person's most specific active post at {@code path} or above it (staff who may take work there). */
    public Optional<Post> postAtOrAbove(UUID personId, GridPath path) {
        List<Post> found = new ArrayList<>(1);
        query("""
                        SELECT person_id, account_id, person_name, node_id, node_path, role, is_primary
                          FROM assignment_view
                         WHERE person_id = ? AND status = 'ACTIVE' AND starts_with(?, node_path)
                         ORDER BY length(node_path) DESC, node_path LIMIT 1""",
                (c, select) -> {
                    select.setObject(1, personId);
                    select.setString(2, path.value());
                }, rs -> found.add(new Post(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), new GridPath(rs.getString(5)), rs.getString(6),
                        rs.getBoolean(7))), "the posts of " + personId);
        return found.stream().findFirst();
    }

    /** Each person's place: the most specific node they hold an active post at, for all of them in one query. */
    public Map<UUID, GridPath> places(Collection<UUID> persons) {
        Map<UUID, GridPath> places = new HashMap<>();
        if (persons.isEmpty()) {
            return places;
        }
        query("""
                        SELECT DISTINCT ON (person_id) person_id, node_path FROM assignment_view
                         WHERE person_id = ANY (?) AND status = 'ACTIVE'
                         ORDER BY person_id, length(node_path) DESC, node_path""",
                (c, select) -> select.setArray(1, c.createArrayOf("uuid", persons.toArray())),
                rs -> places.put(rs.getObject(1, UUID.class), new GridPath(rs.getString(2))),
                "the places of " + persons.size() + " people");
        return places;
    }

    /**
     * The people among these who hold an active post in a place or above it: its own staff and their superiors,
     * who may take part in what the place does.
     */
    public Set<UUID> postedAtOrAround(Collection<UUID> persons, GridPath place) {
        Set<UUID> posted = new java.util.HashSet<>();
        if (persons.isEmpty()) {
            return posted;
        }
        query("""
                        SELECT DISTINCT person_id FROM assignment_view
                         WHERE person_id = ANY (?) AND status = 'ACTIVE'
                           AND ((node_path >= ? AND node_path < ?) OR starts_with(?, node_path))""",
                (c, select) -> {
                    select.setArray(1, c.createArrayOf("uuid", persons.toArray()));
                    select.setString(2, place.value());
                    select.setString(3, place.subtreeUpperBound());
                    select.setString(4, place.value());
                }, rs -> posted.add(rs.getObject(1, UUID.class)), "the posts of " + persons.size() + " people");
        return posted;
    }

    /** The paths of the account's active assignments: where its holder may act. */
    public Set<GridPath> assignedPaths(String accountId) {
        Set<GridPath> paths = new HashSet<>();
        query("SELECT node_path FROM assignment_view WHERE account_id = ? AND status = 'ACTIVE'",
                (c, select) -> select.setString(1, accountId), rs -> paths.add(new GridPath(rs.getString(1))),
                "the caller's places");
        return paths;
    }

    public Optional<Node> node(UUID id) {
        List<Node> found = new ArrayList<>(1);
        query("SELECT " + NODE_COLUMNS + " FROM grid_node_view WHERE id = ?", (c, select) -> select.setObject(1, id),
                rs -> found.add(node(rs)), "grid node " + id);
        return found.stream().findFirst();
    }

    /** The node of a code within a place (codes are the country's division codes, one per node). */
    public Optional<Node> nodeByCode(String code, GridPath within) {
        List<Node> found = new ArrayList<>(1);
        query("SELECT " + NODE_COLUMNS + " FROM grid_node_view WHERE code = ? AND path >= ? AND path < ?",
                (c, select) -> {
                    select.setString(1, code);
                    select.setString(2, within.value());
                    select.setString(3, within.subtreeUpperBound());
                }, rs -> found.add(node(rs)), "grid node " + code);
        return found.stream().findFirst();
    }

    /**
     * The paths of these nodes, as far as the read model knows them, each row held (FOR SHARE) until the caller's
     * transaction ends: a move of one of them waits for it, and so sees, and re-paths, what the caller wrote with
     * the path read here.
     */
    public Map<UUID, GridPath> placesHeld(Collection<UUID> ids) {
        Map<UUID, GridPath> paths = new HashMap<>();
        if (!ids.isEmpty()) {
            query("SELECT id, path FROM grid_node_view WHERE id = ANY (?) ORDER BY id FOR SHARE",
                    (c, select) -> select.setArray(1, c.createArrayOf("uuid", ids.toArray())),
                    rs -> paths.put(rs.getObject(1, UUID.class), new GridPath(rs.getString(2))),
                    "the paths of " + ids.size() + " grid nodes");
        }
        return paths;
    }

    /** The nodes of these ids the read model knows, by code. */
    public List<Node> nodes(Collection<UUID> ids) {
        List<Node> nodes = new ArrayList<>();
        if (!ids.isEmpty()) {
            query("SELECT " + NODE_COLUMNS + " FROM grid_node_view WHERE id = ANY (?) ORDER BY code",
                    (c, select) -> select.setArray(1, c.createArrayOf("uuid", ids.toArray())),
                    rs -> nodes.add(node(rs)), "grid nodes");
        }
        return nodes;
    }

    /** How many active nodes of each level a place holds, itself included. */
    public Map<String, Long> countByLevel(GridPath place) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        query("SELECT level, count(*) FROM grid_node_view WHERE path >= ? AND path < ? AND status = 'ACTIVE'"
                + " GROUP BY level", within(place), rs -> counts.put(rs.getString(1), rs.getLong(2)),
                "the grid within " + place.value());
        return counts;
    }

    /** Active posts within a place, counted by role and whether they are the primary one. */
    public record StaffCount(String role, boolean primary, long count) {
    }

    public List<StaffCount> staffCounts(GridPath place) {
        List<StaffCount> counts = new ArrayList<>();
        query("SELECT role, is_primary, count(*) FROM assignment_view WHERE node_path >= ? AND node_path < ?"
                + " AND status = 'ACTIVE' GROUP BY role, is_primary", within(place),
                rs -> counts.add(new StaffCount(rs.getString(1), rs.getBoolean(2), rs.getLong(3))),
                "the staff within " + place.value());
        return counts;
    }

    /** The nodes where the person holds an active post in this role (a branch secretary's branches' nodes). */
    public Set<UUID> nodesWhereHolds(UUID personId, String role) {
        Set<UUID> nodes = new HashSet<>();
        query("SELECT node_id FROM assignment_view WHERE person_id = ? AND role = ? AND status = 'ACTIVE'",
                (c, select) -> {
                    select.setObject(1, personId);
                    select.setString(2, role);
                }, rs -> nodes.add(rs.getObject(1, UUID.class)), "the posts of " + personId);
        return nodes;
    }

    /**
     * For set-based statements that join the read model (a dispatch inserts a task per target in one statement):
     * the active nodes of a level within any of {@code places} places, each with the primary holder of a role, if
     * any. Parameters, in order: the role, the level, then the lower and upper bound of each place
     * ({@link GridPath#value()}, {@link GridPath#subtreeUpperBound()}). Columns: id, path, name, level, person_id,
     * account_id, person_name.
     */
    public static String targetsSql(int places) {
        StringBuilder ranges = new StringBuilder();
        for (int i = 0; i < places; i++) {
            ranges.append(i == 0 ? "" : " OR ").append("(n.path >= ? AND n.path < ?)");
        }
        return """
                SELECT DISTINCT ON (n.path) n.id, n.path, n.name, n.level, a.person_id, a.account_id, a.person_name
                  FROM grid_node_view n
                  LEFT JOIN assignment_view a ON a.node_id = n.id AND a.role = ? AND a.is_primary
                                             AND a.status = 'ACTIVE'
                 WHERE n.level = ? AND n.status = 'ACTIVE' AND (%s)
                 ORDER BY n.path, a.version DESC""".formatted(ranges);
    }

    /**
     * For set-based statements that hand work to a node's lead: a lateral subquery (join it {@code ON true}) giving
     * the primary holder of the post that leads the node given by the SQL expression {@code nodeExpression} (a
     * cadre's post first, then any primary post). Columns: lead_person_id, lead_account_id, lead_name.
     */
    public static String leadSql(String nodeExpression) {
        return """
                LATERAL (SELECT a.person_id AS lead_person_id, a.account_id AS lead_account_id,
                                a.person_name AS lead_name
                           FROM assignment_view a
                          WHERE a.node_id = %s AND a.is_primary AND a.status = 'ACTIVE'
                          ORDER BY a.role NOT IN ('COUNTY_CADRE', 'TOWN_CADRE', 'VILLAGE_CADRE'), a.version DESC
                          LIMIT 1)""".formatted(nodeExpression);
    }

    /**
     * For set-based statements that move work up the tree: a lateral subquery (join it {@code ON true}) giving the
     * active parent of the node given by {@code nodeExpression}. Columns: parent_id, parent_path, parent_name,
     * parent_level.
     */
    /**
     * Whether work is done and supervised at this level: the county and below. Above it (city, province) nobody is
     * posted, so escalations and climbing red items stop at the county.
     */
    public static boolean isWorkLevel(String level) {
        return !"CITY".equals(level) && !"PROVINCE".equals(level);
    }

    public static String parentSql(String nodeExpression) {
        return """
                LATERAL (SELECT p.id AS parent_id, p.path AS parent_path, p.name AS parent_name,
                                p.level AS parent_level
                           FROM grid_node_view n JOIN grid_node_view p ON p.id = n.parent_id
                          WHERE n.id = %s AND p.status = 'ACTIVE')""".formatted(nodeExpression);
    }

    /**
     * For set-based statements that look for the nearest node, at or above a node, that has something (a webhook):
     * a subquery of the node given by {@code nodeExpression} and its ancestors, found by the ids of its path (by
     * primary key, not by scanning paths). Columns: id, depth (the deepest is the nearest).
     */
    public static String atOrAboveSql(String nodeExpression) {
        return """
                SELECT a.id, a.depth FROM grid_node_view n
                  JOIN grid_node_view a ON a.id = ANY (CAST(string_to_array(trim(BOTH '/' FROM n.path), '/') AS uuid[]))
                 WHERE n.id = %s""".formatted(nodeExpression);
    }

    /**
     * For set-based statements over every active node of some levels (the nodes that file a report): a subquery
     * whose levels are the text-array parameter expression {@code levels}. Columns: id, name, path, level.
     */
    public static String activeOfLevelsSql(String levels) {
        return "SELECT n.id, n.name, n.path, n.level FROM grid_node_view n WHERE n.status = 'ACTIVE'"
                + " AND n.level = ANY (CAST(" + levels + " AS varchar[]))";
    }

    /**
     * For counts kept per node that must follow a node's moves without being re-pathed: a subquery of the nodes of
     * the subtree between two path bounds (parameter expressions, e.g. {@code ?1} and {@code ?2}), to join on their
     * id. Columns: id.
     */
    public static String subtreeSql(String lower, String upper) {
        return "SELECT n.id FROM grid_node_view n WHERE n.path >= " + lower + " AND n.path < " + upper;
    }

    /** For set-based statements: the path of the node given by {@code nodeExpression}, as a scalar subquery. */
    public static String pathSql(String nodeExpression) {
        return "(SELECT n.path FROM grid_node_view n WHERE n.id = " + nodeExpression + ")";
    }

    /** For set-based statements: the name of the node given by {@code nodeExpression}, as a scalar subquery. */
    public static String nameSql(String nodeExpression) {
        return "(SELECT n.name FROM grid_node_view n WHERE n.id = " + nodeExpression + ")";
    }

    /** For set-based statements: the level of the node given by {@code nodeExpression}, as a scalar subquery. */
    public static String levelSql(String nodeExpression) {
        return "(SELECT n.level FROM grid_node_view n WHERE n.id = " + nodeExpression + ")";
    }

    /**
     * For queries that keep people with a post in a place: a condition true when {@code personColumn} holds an
     * active post between the two bounds (parameter expressions, e.g. {@code ?4} and {@code ?5}).
     */
    public static String postedWithinSql(String personColumn, String lower, String upper) {
        return "EXISTS (SELECT 1 FROM assignment_view a WHERE a.person_id = " + personColumn
                + " AND a.status = 'ACTIVE' AND a.node_path >= " + lower + " AND a.node_path < " + upper + ")";
    }

    private static final String NODE_COLUMNS = "id, code, name, level, parent_id, path, depth, status";

    private interface Binder {
        void bind(Connection c, PreparedStatement select) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** The two parameters of a subtree as an index range. */
    private static Binder within(GridPath place) {
        return (c, select) -> {
            select.setString(1, place.value());
            select.setString(2, place.subtreeUpperBound());
        };
    }

    /** Every read of the read model: one statement, each row handed to {@code reader}. */
    private void query(String sql, Binder binder, RowReader reader, String what) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(sql)) {
            binder.bind(c, select);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what, e);
        }
    }

    private static Node node(ResultSet rs) throws SQLException {
        return new Node(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, UUID.class), new GridPath(rs.getString(6)), rs.getInt(7), rs.getString(8));
    }

    /**
     * Keeps the node's state unless a newer one is held; returns the path it had before when an existing node was
     * updated (empty when it is new or the state was older).
     */
    private Optional<String> upsertNode(GridTopic.Node node) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("""
                     WITH held AS (SELECT path FROM grid_node_view WHERE id = ?)
                     INSERT INTO grid_node_view (id, code, name, level, parent_id, path, depth, status, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, name = EXCLUDED.name,
                         level = EXCLUDED.level, parent_id = EXCLUDED.parent_id, path = EXCLUDED.path,
                         depth = EXCLUDED.depth, status = EXCLUDED.status, version = EXCLUDED.version
                     WHERE grid_node_view.version <= EXCLUDED.version
                     RETURNING (SELECT path FROM held)""")) {
            upsert.setObject(1, node.nodeId());
            upsert.setObject(2, node.nodeId());
            upsert.setString(3, node.code());
            upsert.setString(4, node.name());
            upsert.setString(5, node.level());
            upsert.setObject(6, node.parentId());
            upsert.setString(7, node.path());
            upsert.setInt(8, node.depth());
            upsert.setString(9, node.status());
            upsert.setLong(10, node.version());
            try (ResultSet rs = upsert.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void upsertAssignment(GridTopic.Assignment post) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("""
                     INSERT INTO assignment_view (id, person_id, account_id, person_name, node_id, node_path, role,
                                                  is_primary, status, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id,
                         person_name = EXCLUDED.person_name, node_path = EXCLUDED.node_path,
                         is_primary = EXCLUDED.is_primary, status = EXCLUDED.status, version = EXCLUDED.version
                     WHERE assignment_view.version <= EXCLUDED.version""")) {
            upsert.setObject(1, post.assignmentId());
            upsert.setObject(2, post.personId());
            upsert.setString(3, post.accountId());
            upsert.setString(4, post.personName());
            upsert.setObject(5, post.nodeId());
            upsert.setString(6, post.nodePath());
            upsert.setString(7, post.role());
            upsert.setBoolean(8, post.primary());
            upsert.setString(9, post.status());
            upsert.setLong(10, post.version());
            upsert.executeUpdate();
        }
    }
}
