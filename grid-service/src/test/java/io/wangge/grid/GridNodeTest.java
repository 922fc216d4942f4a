package io.wangge.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridNodeTest {

    private Town town;
    private final Api admin = Api.PROVINCE_ADMIN;

    @jakarta.inject.Inject
    io.wangge.grid.service.NodeRepublisher republisher;

    @jakarta.inject.Inject
    jakarta.persistence.EntityManager entityManager;

    @BeforeEach
    void buildTown() {
        // Once per class; RestAssured knows the test port only from the first test on.
        if (town == null) {
            town = new Town();
        }
    }

    @Test
    void aBoundaryTooLargeToPublishIsA400() {
        Map<String, Object> body = node(town.majia, town.code("104201009"), "马家村第九微网格", "MICRO_GRID");
        List<List<Double>> ring = new java.util.ArrayList<>();
        for (int i = 0; i < 40_000; i++) { // about 1.4 MB: its event would be over Kafka's 1 MiB a record
            ring.add(List.of(108.2 + i * 1e-7, 34.3 + i * 1e-7));
        }
        body.put("boundary", Map.of("type", "Polygon", "coordinates", List.of(ring)));
        admin.post("/api/grids", body).then().statusCode(400).body("errors.field", hasItem("boundary"));
    }

    @Test
    void aBoundaryJustUnderTheLimitIsAcceptedAndItsEventPublished() {
        Map<String, Object> body = node(town.majia, town.code("104201008"), "马家村第八微网格", "MICRO_GRID");
        List<List<Double>> ring = new java.util.ArrayList<>();
        for (int i = 0; i < 14_000; i++) { // about 490 KB of GeoJSON, under the 512 KiB a boundary may take
            ring.add(List.of(108.2 + i * 1e-7, 34.3 + i * 1e-7));
        }
        ring.add(ring.get(0));
        body.put("boundary", Map.of("type", "Polygon", "coordinates", List.of(ring)));
        String id = admin.post("/api/grids", body).then().statusCode(201).extract().path("id");
        // the largest legal boundary still makes a record Kafka takes: published, not parked by the relay
        try (EventTap tap = EventTap.on("wangge.grid")) {
            ConsumerRecord<String, String> event = tap.await(EventTap.keyed(id), 1).get(0);
            assertTrue(event.value().length() > 400_000, "the boundary travels in the event");
            assertEquals(14_001, ContractAssertions.assertConforms(event).path("boundary").path("coordinates")
                    .path(0).size());
        }
    }

    @Test
    void createdNodeCarriesItsPlaceAndIsPublished() {
        Map<String, Object> body = node(town.majia, town.code("104201003"), "马家村第三微网格", "MICRO_GRID");
        body.put("households", 48);
        body.put("population", 151);
        body.put("areaKm2", 0.42);
        body.put("boundary", Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of(108.2, 34.3), List.of(108.21, 34.3), List.of(108.21, 34.31),
                        List.of(108.2, 34.3)))));
        Response created = admin.post("/api/grids", body);
        created.then().statusCode(201)
                .header("ETag", equalTo("\"0\""))
                .header("Location", containsString("/api/grids/"))
                .body("name", equalTo("马家村第三微网格"))
                .body("level", equalTo("MICRO_GRID"))
                .body("parentId", equalTo(town.majia))
                .body("depth", equalTo(4))
                .body("households", equalTo(48))
                .body("boundary.type", equalTo("Polygon"))
                .body("createdBy", equalTo(admin.accountId()));
        String id = created.path("id");
        String path = created.path("path");
        assertTrue(path.startsWith("/" + town.county + "/" + town.town + "/" + town.majia + "/"));

        try (EventTap tap = EventTap.on("wangge.grid")) {
            ConsumerRecord<String, String> event = tap.await(EventTap.keyed(id), 1).get(0);
            JsonNode data = ContractAssertions.assertConforms(event);
            assertEquals("wangge.node.created.v1", EventTap.header(event, "ce_type"));
            assertEquals(path, data.path("path").asText());
            assertEquals("马家村第三微网格", data.path("name").asText());
        }
    }

    @Test
    void codesFollowTheNationalScheme() {
        admin.post("/api/grids", node(town.county, "610431104000", "错县镇", "TOWN")).then().statusCode(400)
                .body("errors.field", hasItem("code"));
        admin.post("/api/grids", node(town.town, town.code("104401"), "四百号村", "VILLAGE")).then()
                .statusCode(400).body("errors.message", hasItem(containsString("200–399")));
        admin.post("/api/grids", node(town.majia, town.code("104202001"), "串村网格", "MICRO_GRID")).then()
                .statusCode(400).body("errors.field", hasItem("code"));
        admin.post("/api/grids", node(town.majia, town.code("1042010011"), "太长", "MICRO_GRID")).then()
                .statusCode(400);
        admin.post("/api/grids", node(town.majia1, town.code("104201001"), "重复", "MICRO_GRID")).then()
                .statusCode(400).body("errors.field", hasItem("parentId"));
        admin.post("/api/grids", node(town.majia, town.code("104201001"), "重复", "MICRO_GRID")).then()
                .statusCode(409).body("detail", containsString(town.code("104201001")));
    }

    @Test
    void provinceCityAndCountyStandAboveTownsAndStreetsWithTheirKinds() {
        String province = existingOrCreated(node(null, "620000", "甘肃省", "PROVINCE"));
        String city = existingOrCreated(node(province, "620100", "兰州市", "CITY"));
        // a county of 兰州 per run; 甘肃's counties are checked by prefix (the shipped list has Shaanxi's in full)
        String countyCode = String.format("6201%02d", 1 + (int) (System.nanoTime() % 98));
        Response county = admin.post("/api/grids", node(city, countyCode, "城关区", "COUNTY"));
        if (county.statusCode() == 409) {
            countyCode = String.format("6201%02d", 1 + (int) ((System.nanoTime() / 7) % 98));
            county = admin.post("/api/grids", node(city, countyCode, "城关区", "COUNTY"));
        }
        county.then().statusCode(201).body("depth", equalTo(3));
        String countyId = county.path("id");

        String street = admin.create("/api/grids", node(countyId, countyCode + "001000", "酒泉路街道", "TOWN"));
        admin.get("/api/grids/" + street).then().body("divisionKind", equalTo("街道"));
        admin.post("/api/grids", node(street, countyCode + "001001", "中山林社区", "VILLAGE")).then()
                .statusCode(201).body("divisionKind", equalTo("社区"));
        admin.post("/api/grids", node(countyId, countyCode + "201000", "西果园乡", "TOWN")).then()
                .statusCode(201).body("divisionKind", equalTo("乡"));

        // a county under another city's prefix, a Shaanxi county not on GB/T 2260, a city founded by a county admin
        admin.post("/api/grids", node(city, "620201", "错市之县", "COUNTY")).then().statusCode(400)
                .body("errors.message", hasItem(containsString("6201")));
        admin.post("/api/grids", node(null, "610499", "假县", "COUNTY")).then().statusCode(400)
                .body("errors.message", hasItem(containsString("GB/T 2260")));
        admin.post("/api/grids", node(city, countyCode + "001", "九位街道", "TOWN")).then().statusCode(400);
        new Api("county-admin-no-city", "county-admin").post("/api/grids", node(province, "620200", "嘉峪关市",
                "CITY")).then().statusCode(403);
        admin.post("/api/grids", node(city, "620300", "市下市", "CITY")).then().statusCode(400)
                .body("errors.field", hasItem("parentId"));
    }

    private String existingOrCreated(Map<String, Object> body) {
        Response created = admin.post("/api/grids", body);
        if (created.statusCode() == 201) {
            return created.path("id");
        }
        created.then().statusCode(409);
        return admin.get("/api/grids?codePrefix=" + body.get("code")).path("items.find { it.code == '"
                + body.get("code") + "' }.id");
    }

    @Test
    void aNodeAMigrationChangedIsPublishedAgainWithANewVersion() {
        int before = admin.get("/api/grids/" + town.town).path("version");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO node_republish (node_id, reason) VALUES (?1, '测试')")
                .setParameter(1, java.util.UUID.fromString(town.town)).executeUpdate());
        try (EventTap tap = EventTap.on("wangge.grid")) {
            assertEquals(1, republisher.republish());
            assertEquals(0, republisher.republish(), "once");
            ConsumerRecord<String, String> event = tap.await(record -> EventTap.keyed(town.town).test(record)
                    && "wangge.node.updated.v1".equals(EventTap.header(record, "ce_type")), 1).get(0);
            JsonNode data = ContractAssertions.assertConforms(event);
            assertEquals(before + 1, data.path("version").asInt());
            assertEquals(town.code("104000"), data.path("code").asText());
        }
    }

    @Test
    void levelsNest() {
        admin.post("/api/grids", node(town.town, town.code("104203001"), "跨级", "MICRO_GRID")).then()
                .statusCode(400).body("errors.field", hasItem("parentId"));
        admin.post("/api/grids", node(town.town, "610431", "县中县", "COUNTY")).then()
                .statusCode(400).body("errors.field", hasItem("parentId"));
        admin.post("/api/grids", node(null, town.code("105"), "无上级镇", "TOWN")).then()
                .statusCode(400).body("errors.field", hasItem("parentId"));
        String grid = admin.create("/api/grids", node(town.xuejia, town.code("104202101"), "薛家村综治网格",
                "GRID"));
        admin.post("/api/grids", node(grid, town.code("104202101001"), "网格下微网格", "MICRO_GRID")).then()
                .statusCode(201).body("depth", equalTo(5));
    }

    @Test
    void updateNeedsTheCurrentVersion() {
        String id = admin.create("/api/grids", node(town.xuejia, town.code("104202003"), "薛家村第三微网格",
                "MICRO_GRID"));
        Map<String, Object> change = Map.of("name", "薛家村东片微网格", "households", 60,
                "contactChannel", "微信群：东片议事群");
        admin.put("/api/grids/" + id, change, "\"0\"").then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("name", equalTo("薛家村东片微网格"))
                .body("code", equalTo(town.code("104202003")));
        admin.put("/api/grids/" + id, Map.of("name", "迟到的改名"), "\"0\"").then().statusCode(412);
        admin.request().body(Map.of("name", "没有版本")).put("/api/grids/" + id).then().statusCode(428);
        admin.put("/api/grids/" + id, Map.of("name", ""), "\"1\"").then().statusCode(400)
                .body("errors.field", hasItem("name"));
    }

    @Test
    void retireOnlyWhatNothingDependsOn() {
        admin.post("/api/grids/" + town.majia + "/retire", Map.of()).then().statusCode(409)
                .body("detail", containsString("active child nodes"))
                .body("detail", containsString("active assignments"));
        String leaf = admin.create("/api/grids", node(town.xuejia, town.code("104202004"), "薛家村第四微网格",
                "MICRO_GRID"));
        io.restassured.RestAssured.given().header("Authorization",
                        io.wangge.platform.testing.Tokens.bearer(admin.accountId(), admin.roles()))
                .post("/api/grids/" + leaf + "/retire").then().statusCode(428);
        admin.get("/api/grids/" + leaf).then().body("status", equalTo("ACTIVE"));
        admin.post("/api/grids/" + leaf + "/retire", Map.of()).then().statusCode(200)
                .body("status", equalTo("RETIRED"));
        admin.post("/api/grids/" + leaf + "/retire", Map.of()).then().statusCode(409);
        admin.get("/api/grids/" + town.xuejia + "/children").then()
                .body("items.id", not(hasItem(leaf)));
        admin.get("/api/grids/" + town.xuejia + "/children?includeRetired=true").then()
                .body("items.id", hasItem(leaf));
        try (EventTap tap = EventTap.on("wangge.grid")) {
            List<ConsumerRecord<String, String>> events = tap.await(EventTap.keyed(leaf), 2);
            assertEquals("wangge.node.retired.v1", EventTap.header(events.get(1), "ce_type"));
            assertEquals("RETIRED", ContractAssertions.assertConforms(events.get(1)).path("status").asText());
        }
    }

    @Test
    void moveRewritesTheSubtreeAndRepublishesIt() {
        String village = admin.create("/api/grids", node(town.town, town.code("104205"), "苏家村", "VILLAGE"));
        String grid = admin.create("/api/grids", node(village, town.code("104205101"), "苏家村综治网格", "GRID"));
        String micro = admin.create("/api/grids", node(grid, town.code("104205101001"), "苏家村一组", "MICRO_GRID"));
        String target = admin.create("/api/grids", node(town.town, town.code("104206"), "河道村", "VILLAGE"));
        String person = admin.create("/api/people", Map.of("name", "苏建华", "partyMember", false));
        String assignment = admin.create("/api/assignments", Map.of("personId", person, "nodeId", micro,
                "role", "AUXILIARY_GRID_WORKER", "primary", true));
        String household = admin.create("/api/households", Map.of("microGridId", micro, "address", "苏家村一组3号",
                "headName", "苏大伯", "membersCount", 3));
        String oldMicroPath = admin.get("/api/grids/" + micro).path("path");

        admin.post("/api/grids/" + grid + "/move", Map.of("newParentId", target)).then().statusCode(200)
                .body("parentId", equalTo(target))
                .body("path", startsWith(admin.get("/api/grids/" + target).<String>path("path")));
        String newMicroPath = admin.get("/api/grids/" + micro).path("path");
        assertTrue(newMicroPath.contains("/" + target + "/" + grid + "/" + micro + "/"));
        admin.get("/api/grids/" + target + "/subtree").then().body("items.id", contains(grid, micro));
        admin.get("/api/grids/" + village + "/subtree").then().body("total", equalTo(0));

        try (EventTap tap = EventTap.on("wangge.grid")) {
            ConsumerRecord<String, String> moved = last(tap.await(EventTap.keyed(micro), 2));
            JsonNode data = ContractAssertions.assertConforms(moved);
            assertEquals("wangge.node.moved.v1", EventTap.header(moved, "ce_type"));
            assertEquals(oldMicroPath, data.path("previousPath").asText());
            assertEquals(newMicroPath, data.path("path").asText());
            assertEquals(grid, data.path("movedRootId").asText());

            JsonNode staff = ContractAssertions.assertConforms(last(tap.await(EventTap.keyed(assignment), 2)));
            assertEquals(newMicroPath, staff.path("nodePath").asText());
            JsonNode home = ContractAssertions.assertConforms(last(tap.await(EventTap.keyed(household), 2)));
            assertEquals(newMicroPath, home.path("microGridPath").asText());
        }
    }

    @Test
    void aNodeCreatedWhileItsParentMovesEndsUnderTheNewPath() throws Exception {
        String newTown = admin.create("/api/grids", node(town.county, town.code("109000"), "新城镇", "TOWN"));
        String village = admin.create("/api/grids", node(town.town, town.code("104209"), "杨家村", "VILLAGE"));
        String newTownPath = admin.get("/api/grids/" + newTown).path("path");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch moving = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            // a move of the village to 新城镇, caught between its UPDATE and its commit
            java.util.concurrent.Future<?> move = threads.submit(() -> io.quarkus.narayana.jta.QuarkusTransaction
                    .requiringNew().run(() -> {
                        io.wangge.grid.GridNode.getEntityManager().createNativeQuery(
                                        "UPDATE grid_node SET path = ?1, parent_id = ?2 WHERE id = ?3")
                                .setParameter(1, newTownPath + village + "/")
                                .setParameter(2, java.util.UUID.fromString(newTown))
                                .setParameter(3, java.util.UUID.fromString(village)).executeUpdate();
                        moving.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            moving.await();
            java.util.concurrent.Future<Response> create = threads.submit(() -> admin.post("/api/grids",
                    node(village, town.code("104209101"), "杨家村综治网格", "GRID")));
            // the create waits for the village's row rather than take its old path
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) io.wangge.grid
                            .GridNode.getEntityManager().createNativeQuery("SELECT count(*) FROM pg_stat_activity"
                                    + " WHERE wait_event_type = 'Lock' AND datname = current_database()")
                            .getSingleResult()).intValue()) >= 1);
            release.countDown();
            move.get();
            Response created = create.get();
            assertEquals(201, created.statusCode(), created.asString());
            assertTrue(created.<String>path("path").startsWith(newTownPath + village + "/"),
                    "under the moved village: " + created.<String>path("path"));
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void movesRejectCyclesAndLevelViolations() {
        admin.post("/api/grids/" + town.majia + "/move", Map.of("newParentId", town.majia1)).then()
                .statusCode(400).body("errors.field", hasItem("newParentId"));
        admin.post("/api/grids/" + town.majia + "/move", Map.of("newParentId", town.majia)).then()
                .statusCode(400);
        admin.post("/api/grids/" + town.majia1 + "/move", Map.of("newParentId", town.town)).then()
                .statusCode(400).body("errors.field", hasItem("newParentId"));
        admin.post("/api/grids/" + town.majia1 + "/move", Map.of()).then().statusCode(400)
                .body("errors.field", hasItem("newParentId"));
    }

    @Test
    void treeReads() {
        admin.get("/api/grids/" + town.town + "/children").then().statusCode(200)
                .body("items.name", hasItems("马家村", "薛家村"))
                .body("page", equalTo(0)).body("size", equalTo(20));
        admin.get("/api/grids/" + town.town + "/subtree?level=MICRO_GRID&size=200").then()
                .body("items.id", hasItems(town.majia1, town.majia2, town.xuejia1))
                .body("items.level", not(hasItem("VILLAGE")));
        admin.get("/api/grids/" + town.majia1 + "/ancestors").then()
                .body("name", contains("武功县", "长宁镇", "马家村", "马家村第一微网格"));
        admin.get("/api/grids?q=马家村&size=200").then()
                .body("items.id", hasItems(town.majia, town.majia1, town.majia2));
        admin.get("/api/grids?codePrefix=" + town.code("104202")).then()
                .body("items.id", hasItems(town.xuejia, town.xuejia1))
                .body("items.id", not(hasItem(town.majia)));
        admin.get("/api/grids/" + town.town + "/subtree?size=1&page=1").then()
                .body("items.size()", equalTo(1)).body("page", equalTo(1));
    }

    @Test
    void everyoneSeesOnlyTheirPlace() {
        Api worker = town.majiaWorker;
        worker.get("/api/grids/" + town.majia1).then().statusCode(200);
        worker.get("/api/grids/" + town.xuejia1).then().statusCode(404);
        worker.get("/api/grids/" + town.majia).then().statusCode(404);
        worker.get("/api/grids/" + town.majia1 + "/ancestors").then().statusCode(200)
                .body("name", contains("武功县", "长宁镇", "马家村", "马家村第一微网格"));
        worker.get("/api/grids?q=村&size=200").then().statusCode(200)
                .body("items.id", contains(town.majia1));
        worker.post("/api/grids", node(town.majia1, town.code("104201009"), "越权", "MICRO_GRID")).then()
                .statusCode(403);

        town.majiaCadre.get("/api/grids/" + town.majia + "/subtree").then().statusCode(200)
                .body("items.id", hasItems(town.majia1, town.majia2));
        town.majiaCadre.get("/api/grids/" + town.xuejia).then().statusCode(404);
        town.majiaCadre.post("/api/grids", node(town.majia, town.code("104201008"), "村干部建网格",
                "MICRO_GRID")).then().statusCode(403);

        town.townAdmin.post("/api/grids", node(town.majia, town.code("104201007"), "马家村第七微网格",
                "MICRO_GRID")).then().statusCode(201);
        // The county lies above the town admin's place: it is not even visible to it.
        town.townAdmin.post("/api/grids", node(town.county, town.code("105000"), "邻镇", "TOWN")).then()
                .statusCode(404);
        town.townAdmin.post("/api/grids", node(null, "610499", "别的县", "COUNTY")).then().statusCode(403);
    }

    private static ConsumerRecord<String, String> last(List<ConsumerRecord<String, String>> records) {
        return records.get(records.size() - 1);
    }

    static Map<String, Object> node(String parentId, String code, String name, String level) {
        Map<String, Object> body = new HashMap<>();
        body.put("parentId", parentId);
        body.put("code", code);
        body.put("name", name);
        body.put("level", level);
        return body;
    }
}
