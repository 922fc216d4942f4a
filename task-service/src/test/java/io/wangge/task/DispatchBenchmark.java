package io.wangge.task;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.wangge.platform.testing.Stopwatch;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dispatch time for 611, 10,000 and 100,000 grids through the API, each against a plain JDBC batch insert of
 * the same number of task rows measured in the same run. Run with
 * {@code ./mvnw -pl task-service -am verify -Pbenchmark -Dtest=DispatchBenchmark -Dtest.heap=384m} (the
 * service held to a production heap; the peak it reached is printed). Payload validation is off, as in production.
 */
@QuarkusTest
@TestProfile(DispatchBenchmark.Production.class)
@Tag("benchmark")
class DispatchBenchmark {

    /** Events are not schema-checked one by one in production; nor here. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wangge.events.validate-payloads", "false");
        }
    }

    private static final List<GarbageCollectorMXBean> GC = ManagementFactory.getGarbageCollectorMXBeans();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void dispatchToATownACountyAndAProvinceSizedScope() throws Exception {
        String admin = "county-admin-dispatch-bench";
        Map<String, UUID> scopes = buildTree(Map.of("town611", 611, "town10k", 10_000, "rest", 89_389));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("town611", 611);
        sizes.put("town10k", 10_000);
        sizes.put("county", 100_000);
        for (Map.Entry<String, Integer> size : sizes.entrySet()) {
            int runs = 5;
            Stopwatch api = new Stopwatch("dispatch to " + size.getValue() + " grids via REST");
            Stopwatch jdbc = new Stopwatch("baseline: JDBC batch insert of " + size.getValue() + " task rows");
            long gc = 0;
            for (int run = 0; run < runs; run++) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("title", "基准派发 " + size.getKey() + " #" + run);
                item.put("categoryCode", "SAFETY_PRODUCTION");
                item.put("scopeNodeIds", List.of(scopes.get(size.getKey())));
                item.put("targetLevel", "MICRO_GRID");
                item.put("assigneeRole", "COMPREHENSIVE_GRID_WORKER");
                item.put("dueAt", "2027-12-31T18:00:00+08:00");
                String id = TaskTown.as(admin, "province-admin", "county-admin").body(item).post("/api/key-work")
                        .then().statusCode(201).extract().path("id");
                long gcBefore = gcMillis();
                api.run(() -> TaskTown.as(admin, "province-admin", "county-admin").post("/api/key-work/" + id + "/dispatch")
                        .then().statusCode(200));
                gc = Math.max(gc, gcMillis() - gcBefore);
                jdbc.run(() -> baseline(size.getValue()));
            }
            api.print();
            jdbc.print();
            api.printRatio(jdbc);
            // a dispatch that held its tasks, events or JSON in the heap would spend its time collecting at 384 MB
            System.out.printf("  garbage collection during one dispatch to %,d grids: at most %d ms (heap limit %d MB)%n",
                    size.getValue(), gc, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long gcMillis() {
        return GC.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private Map<String, UUID> buildTree(Map<String, Integer> gridsPerTown) throws Exception {
        UUID county = UUID.randomUUID();
        Map<String, UUID> scopes = new LinkedHashMap<>();
        scopes.put("county", county);
        try (Connection c = dataSource.getConnection();
             PreparedStatement node = c.prepareStatement("INSERT INTO grid_node_view (id, code, name, level,"
                     + " parent_id, path, depth, status, version) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0)");
             PreparedStatement staff = c.prepareStatement("INSERT INTO assignment_view (id, person_id, account_id,"
                     + " person_name, node_id, node_path, role, is_primary, status, version)"
                     + " VALUES (?, ?, ?, '基准网格员', ?, ?, 'COMPREHENSIVE_GRID_WORKER', true, 'ACTIVE', 0)")) {
            c.setAutoCommit(false);
            String countyPath = "/" + county + "/";
            add(node, county, "659999", "基准县", "COUNTY", null, countyPath, 1);
            int t = 0;
            for (Map.Entry<String, Integer> town : gridsPerTown.entrySet()) {
                UUID townId = UUID.randomUUID();
                scopes.put(town.getKey(), townId);
                String townCode = "659999" + (101 + t++);
                String townPath = countyPath + townId + "/";
                add(node, townId, townCode, "基准镇" + t, "TOWN", county, townPath, 2);
                int grids = town.getValue();
                int villages = (grids + 399) / 400;
                for (int v = 0; v < villages; v++) {
                    UUID village = UUID.randomUUID();
                    String villageCode = townCode + (200 + v % 200);
                    String villagePath = townPath + village + "/";
                    add(node, village, villageCode + v, "基准村" + v, "VILLAGE", townId, villagePath, 3);
                    for (int g = v * 400; g < Math.min(grids, (v + 1) * 400); g++) {
                        UUID grid = UUID.randomUUID();
                        String gridPath = villagePath + grid + "/";
                        add(node, grid, "g" + t + "-" + g, "基准微网格" + g, "MICRO_GRID", village, gridPath, 4);
                        staff.setObject(1, UUID.randomUUID());
                        staff.setObject(2, UUID.randomUUID());
                        staff.setString(3, "bench-worker-" + t + "-" + g);
                        staff.setObject(4, grid);
                        staff.setString(5, gridPath);
                        staff.addBatch();
                    }
                    node.executeBatch();
                    staff.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("ANALYZE grid_node_view; ANALYZE assignment_view");
        }
        return scopes;
    }

    private static void add(PreparedStatement node, UUID id, String code, String name, String level, UUID parent,
                            String path, int depth) throws Exception {
        node.setObject(1, id);
        node.setString(2, code.length() > 15 ? code.substring(0, 15) : code);
        node.setString(3, name);
        node.setString(4, level);
        node.setObject(5, parent);
        node.setString(6, path);
        node.setInt(7, depth);
        node.addBatch();
    }

    private void baseline(int rows) {
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("CREATE TEMP TABLE IF NOT EXISTS bench_task (LIKE task INCLUDING DEFAULTS)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_task (id, item_id, title,"
                    + " category_code, node_id, node_path, node_name, node_level, status, due_at, version, created_at,"
                    + " updated_by, updated_at) VALUES (?, ?, '基准', 'SAFETY_PRODUCTION', ?, ?, '网格', 'MICRO_GRID',"
                    + " 'DISPATCHED', ?, 0, ?, 'bench', ?)")) {
                UUID item = UUID.randomUUID();
                for (int i = 0; i < rows; i++) {
                    UUID id = UUID.randomUUID();
                    insert.setObject(1, id);
                    insert.setObject(2, item);
                    insert.setObject(3, id);
                    insert.setString(4, "/" + id + "/");
                    insert.setTimestamp(5, now);
                    insert.setTimestamp(6, now);
                    insert.setTimestamp(7, now);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("TRUNCATE bench_task");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
