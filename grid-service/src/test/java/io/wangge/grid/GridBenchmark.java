package io.wangge.grid;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.grid.demo.ChangningDemo;
import io.wangge.platform.testing.Stopwatch;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Figures for grid-service (run with {@code ./mvnw -pl grid-service -am verify -Pbenchmark}): importing the
 * Changning tree through the API, and subtree queries on a generated 100,000-node tree, each with the ratio to
 * PostgreSQL doing the same work over plain JDBC in the same run.
 */
@QuarkusTest
@Tag("benchmark")
class GridBenchmark {

    private static final String ADMIN = Tokens.bearer("province-admin-bench", "province-admin", "county-admin");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void importTheChangningTree() throws Exception {
        Stopwatch api = new Stopwatch("import Changning tree (643 nodes) via REST");
        Stopwatch jdbc = new Stopwatch("baseline: JDBC batch insert of 643 rows");
        for (int run = 0; run < 6; run++) {
            String csv = ChangningDemo.generate(String.valueOf(620101 + run), ChangningDemo.SEED).csv();
            byte[] body = csv.getBytes(StandardCharsets.UTF_8);
            api.run(() -> given().header("Authorization", ADMIN).contentType("text/csv").body(body)
                    .post("/api/grids/import").then().statusCode(200));
            int rows = csv.split("\n").length - 1;
            try (Connection c = dataSource.getConnection()) {
                c.createStatement().execute("CREATE TEMP TABLE IF NOT EXISTS bench_rows (LIKE grid_node)");
                jdbc.run(() -> insertRows(c, rows));
                c.createStatement().execute("TRUNCATE bench_rows");
            }
        }
        api.print();
        jdbc.print();
        api.printRatio(jdbc);
    }

    @Test
    void subtreeQueriesOnAProvinceSizedTree() throws Exception {
        List<String> ids = generateTree(); // county, a town, a village
        String[] labels = {"county (100,211 nodes)", "town (10,021 nodes)", "village (334 nodes)"};
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String path = path(id);
            Stopwatch api = new Stopwatch("subtree page of 50 of a " + labels[i] + " via REST");
            Stopwatch jdbc = new Stopwatch("baseline: same page and count via JDBC");
            for (int warm = 0; warm < 30; warm++) {
                given().header("Authorization", ADMIN).get("/api/grids/" + id + "/subtree?size=50&page=3");
            }
            for (int n = 0; n < 300; n++) {
                api.run(() -> given().header("Authorization", ADMIN).get("/api/grids/" + id + "/subtree?size=50&page=3")
                        .then().statusCode(200));
                jdbc.run(() -> queryPage(path));
            }
            api.print();
            jdbc.print();
            api.printRatio(jdbc);
        }
    }

    private List<String> generateTree() throws Exception {
        UUID county = UUID.randomUUID();
        String countyCode = "629999";
        List<String> picked = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO grid_node (id, code, name, level,"
                     + " parent_id, path, depth, status, version, created_by, created_at, updated_by, updated_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0, 'bench', ?, 'bench', ?)")) {
            c.setAutoCommit(false);
            String countyPath = "/" + county + "/";
            add(insert, county, countyCode, "基准县", "COUNTY", null, countyPath, 1, now);
            picked.add(county.toString());
            for (int t = 0; t < 10; t++) {
                UUID town = UUID.randomUUID();
                String townCode = countyCode + (101 + t);
                String townPath = countyPath + town + "/";
                add(insert, town, townCode, "基准镇" + t, "TOWN", county, townPath, 2, now);
                if (t == 0) {
                    picked.add(town.toString());
                }
                for (int v = 0; v < 30; v++) {
                    UUID village = UUID.randomUUID();
                    String villageCode = townCode + (201 + v);
                    String villagePath = townPath + village + "/";
                    add(insert, village, villageCode, "基准村" + v, "VILLAGE", town, villagePath, 3, now);
                    if (t == 0 && v == 0) {
                        picked.add(village.toString());
                    }
                    for (int g = 1; g <= 333; g++) {
                        UUID grid = UUID.randomUUID();
                        add(insert, grid, villageCode + String.format("%03d", g), "基准微网格" + g, "MICRO_GRID",
                                village, villagePath + grid + "/", 4, now);
                    }
                    insert.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("ANALYZE grid_node");
        }
        return picked;
    }

    private static void add(PreparedStatement insert, UUID id, String code, String name, String level, UUID parent,
                            String path, int depth, Timestamp now) throws Exception {
        insert.setObject(1, id);
        insert.setString(2, code);
        insert.setString(3, name);
        insert.setString(4, level);
        insert.setObject(5, parent);
        insert.setString(6, path);
        insert.setInt(7, depth);
        insert.setTimestamp(8, now);
        insert.setTimestamp(9, now);
        insert.addBatch();
    }

    private String path(String id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT path FROM grid_node WHERE id = ?")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void queryPage(String path) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement page = c.prepareStatement("SELECT * FROM grid_node WHERE path >= ? AND path < ?"
                     + " AND path <> ? AND status = 'ACTIVE' ORDER BY path LIMIT 50 OFFSET 150");
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM grid_node WHERE path >= ?"
                     + " AND path < ? AND path <> ? AND status = 'ACTIVE'")) {
            for (PreparedStatement statement : List.of(page, count)) {
                statement.setString(1, path);
                statement.setString(2, new io.wangge.platform.security.GridPath(path).subtreeUpperBound());
                statement.setString(3, path);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertRows(Connection c, int rows) {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_rows (id, code, name, level, path,"
                + " depth, status, version, created_by, created_at, updated_by, updated_at)"
                + " VALUES (?, ?, '网格', 'MICRO_GRID', ?, 4, 'ACTIVE', 0, 'bench', now(), 'bench', now())")) {
            for (int i = 0; i < rows; i++) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, "x" + i);
                insert.setString(3, "/" + id + "/");
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
