package io.wangge.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HouseholdTest {

    private Town town;
    private final Api admin = Api.PROVINCE_ADMIN;

    @Inject
    TestClock clock;

    @BeforeEach
    void buildTown() {
        if (town == null) {
            town = new Town();
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void villageCadreRegistersAHouseholdWithTagsAndAContactCadre() {
        String cadre = town.personOf.get(town.majiaCadre.accountId());
        String id = town.majiaCadre.create("/api/households", Map.of("microGridId", town.majia1,
                "address", "马家村一组12号", "headName", "马德福", "membersCount", 1,
                "tags", List.of("独居老人", "重点关注"), "contactCadreId", cadre));
        admin.get("/api/households/" + id).then().statusCode(200)
                .body("tags", contains("独居老人", "重点关注"))
                .body("contactCadreId", equalTo(cadre));
        town.majiaWorker.get("/api/grids/" + town.majia1 + "/households?tag=独居老人").then().statusCode(200)
                .body("items.id", hasItem(id));
        town.majiaCadre.get("/api/grids/" + town.majia + "/households").then()
                .body("items.address", hasItem("马家村一组12号"));
        try (EventTap tap = EventTap.on("wangge.grid")) {
            JsonNode data = ContractAssertions.assertConforms(tap.await(EventTap.keyed(id), 1).get(0));
            assertEquals("马德福", data.path("headName").asText());
        }
    }

    @Test
    void aWorkersPhoneSyncsTheHouseholdsOfTheirPlaceByDelta() {
        String mine = town.majiaCadre.create("/api/households", Map.of("microGridId", town.majia1,
                "address", "马家村一组21号", "headName", "马同步", "membersCount", 2));
        String elsewhere = town.majiaCadre.create("/api/households", Map.of("microGridId", town.majia2,
                "address", "马家村二组21号", "headName", "马别处", "membersCount", 2));
        // from the start, a page at a time: the worker's own micro-grid only (once no older transaction runs)
        String cursor = awaitDrained(town.majiaWorker, null, seen -> seen.contains(mine)).cursor();
        List<String> seen = drained(town.majiaWorker, null).ids();
        assertTrue(seen.contains(mine) && !seen.contains(elsewhere), seen.toString());
        String held = cursor;
        town.majiaWorker.request().header("If-None-Match", "\"" + held + "\"").queryParam("cursor", held)
                .get("/api/me/households/sync").then().statusCode(304);

        // taken off the books: the phone is told, as a REMOVED household
        String etag = admin.get("/api/households/" + mine).header("ETag");
        admin.request().header("If-Match", etag).delete("/api/households/" + mine).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                town.majiaWorker.request().queryParam("cursor", held).get("/api/me/households/sync")
                        .<List<String>>path("items.status").contains("REMOVED"));
        town.majiaWorker.request().queryParam("cursor", held).get("/api/me/households/sync").then()
                .body("items.id", contains(mine));

        // a micro-grid moved to another village: its households leave the village cadre's phone
        String moving = admin.create("/api/grids", GridNodeTest.node(town.majia, town.code("104201019"),
                "马家村搬迁微网格", "MICRO_GRID"));
        String home = town.majiaCadre.create("/api/households", Map.of("microGridId", moving,
                "address", "马家村搬迁组1号", "headName", "马搬迁", "membersCount", 3));
        String village = awaitDrained(town.majiaCadre, null, ids -> ids.contains(home)).cursor();
        admin.post("/api/grids/" + moving + "/move", Map.of("newParentId", town.xuejia)).then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                town.majiaCadre.request().queryParam("cursor", village).get("/api/me/households/sync")
                        .<List<String>>path("removed").contains(home));
        town.majiaCadre.request().queryParam("cursor", village).get("/api/me/households/sync").then()
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(home)));
    }

    private record Drained(List<String> ids, String cursor) {
    }

    /** Every page from {@code from} on, as a phone pages through them. */
    private static Drained drained(Api as, String from) {
        List<String> ids = new java.util.ArrayList<>();
        String cursor = from;
        boolean more = true;
        while (more) {
            var page = as.request().queryParam("size", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/me/households/sync");
            page.then().statusCode(200);
            ids.addAll(page.path("items.id"));
            cursor = page.path("cursor");
            more = page.path("more");
        }
        return new Drained(ids, cursor);
    }

    private static Drained awaitDrained(Api as, String from, java.util.function.Predicate<List<String>> done) {
        Drained[] last = new Drained[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            last[0] = drained(as, from);
            return done.test(last[0].ids());
        });
        return last[0];
    }

    @Test
    void householdsBelongToMicroGridsInTheCallersPlace() {
        Map<String, Object> body = Map.of("microGridId", town.majia, "address", "村委会", "headName", "某某",
                "membersCount", 2);
        admin.post("/api/households", body).then().statusCode(400).body("errors.field", hasItem("microGridId"));
        town.majiaCadre.post("/api/households", Map.of("microGridId", town.xuejia1, "address", "薛家村1号",
                "headName", "薛某", "membersCount", 2)).then().statusCode(404);
        town.majiaWorker.post("/api/households", Map.of("microGridId", town.majia1, "address", "马家村1号",
                "headName", "马某", "membersCount", 2)).then().statusCode(403);
        admin.post("/api/households", Map.of("microGridId", town.majia1, "address", "", "headName", "",
                "membersCount", 101, "tags", List.of(""))).then().statusCode(400)
                .body("errors.field", hasItems("address", "headName", "membersCount"));
    }

    @Test
    void visitsAreCountedAndNeverInTheFuture() {
        clock.set(OffsetDateTime.parse("2026-11-27T10:00:00+08:00").toInstant());
        String id = admin.create("/api/households", Map.of("microGridId", town.majia1, "address", "马家村二组5号",
                "headName", "马桂芳", "membersCount", 4, "tags", List.of("低保户")));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-20",
                "note", "了解低保续办情况")).then().statusCode(200)
                .body("visitCount", equalTo(1)).body("lastVisitedOn", equalTo("2026-11-20"));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of()).then().statusCode(200)
                .body("visitCount", equalTo(2)).body("lastVisitedOn", equalTo("2026-11-27"));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-28")).then()
                .statusCode(400).body("errors.field", hasItem("visitedOn"));
        town.xuejiaWorker.post("/api/households/" + id + "/visits", Map.of()).then().statusCode(404);
    }

    @Test
    void visitsAreAHistoryOfFactsEachRecordedOnce() {
        clock.set(OffsetDateTime.parse("2026-11-27T10:00:00+08:00").toInstant());
        String worker = town.personOf.get(town.majiaWorker.accountId());
        String cadre = town.personOf.get(town.majiaCadre.accountId());
        String id = admin.create("/api/households", Map.of("microGridId", town.majia1, "address", "马家村五组7号",
                "headName", "马秀兰", "membersCount", 2, "tags", List.of("独居老人")));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-25",
                "note", "问询腿伤恢复，代办医保报销")).then().statusCode(200).body("visitCount", equalTo(1));
        // the same person's visit of the same day, recorded again: a duplicate, refused
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-25"))
                .then().statusCode(409);
        // a cadre who manages the place's staff may record a worker's visit; a worker may not record a cadre's
        town.majiaCadre.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-26",
                "visitorId", worker, "note", "送去冬季棉被")).then().statusCode(200).body("visitCount", equalTo(2));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitorId", cadre)).then()
                .statusCode(403);
        // the person named must work the household's place: another village's worker earns nothing here
        String stranger = town.personOf.get(town.xuejiaWorker.accountId());
        town.majiaCadre.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-26",
                "visitorId", stranger)).then().statusCode(400).body("errors.field", hasItem("visitorId"));
        // a visit is recorded within a week of it: an old month's cap stays shut
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2026-11-19")).then()
                .statusCode(400).body("errors.field", hasItem("visitedOn"));

        io.restassured.path.json.JsonPath history = town.majiaCadre.get("/api/households/" + id + "/visits")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(2, history.getInt("total"));
        assertEquals(List.of("2026-11-26", "2026-11-25"), history.getList("items.visitedOn"));
        assertEquals(List.of(worker, worker), history.getList("items.visitorId"));
        assertEquals("送去冬季棉被", history.getString("items[0].note"));
        town.xuejiaWorker.get("/api/households/" + id + "/visits").then().statusCode(404);
        // a family's affairs: another worker of the village sees that visits were made, not what was said
        town.staffAt("majia-aux", "马春生", town.majia1, "AUXILIARY_GRID_WORKER", "grid-worker").get("/api/households/" + id + "/visits").then().statusCode(200)
                .body("items.note", contains(null, null));

        String visitId = history.getString("items[1].id");
        try (EventTap tap = EventTap.on("wangge.grid")) {
            JsonNode data = ContractAssertions.assertConforms(tap.await(EventTap.keyed(visitId), 1).get(0));
            assertEquals(worker, data.path("visitorPersonId").asText());
            assertEquals("2026-11-25", data.path("visitedOn").asText());
            assertEquals(id, data.path("householdId").asText());
            assertEquals(false, data.has("note"), "a family's affairs stay in grid-service");
        }
    }

    @Test
    void aVisitIsDatedByTheDayInShanghai() {
        // 16:30 UTC on New Year's Eve is half past midnight on New Year's Day in Shanghai
        clock.set(java.time.Instant.parse("2026-12-31T16:30:00Z"));
        String id = admin.create("/api/households", Map.of("microGridId", town.majia1, "address", "马家村六组3号",
                "headName", "马守岁", "membersCount", 3));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("note", "新年慰问")).then().statusCode(200)
                .body("lastVisitedOn", equalTo("2027-01-01"));
        town.majiaWorker.post("/api/households/" + id + "/visits", Map.of("visitedOn", "2027-01-02")).then()
                .statusCode(400).body("errors.field", hasItem("visitedOn"));
    }

    @Test
    void updatesRemovalAndContactCadre() {
        String id = admin.create("/api/households", Map.of("microGridId", town.majia2, "address", "马家村三组1号",
                "headName", "马老三", "membersCount", 5));
        admin.put("/api/households/" + id, Map.of("address", "马家村三组1号", "headName", "马小三",
                "membersCount", 6), "\"0\"").then().statusCode(200).body("headName", equalTo("马小三"));
        admin.put("/api/households/" + id, Map.of("address", "x", "headName", "y", "membersCount", 1), "\"0\"")
                .then().statusCode(412);
        String worker = town.personOf.get(town.majiaWorker.accountId());
        admin.request().body(Map.of("personId", worker)).put("/api/households/" + id + "/contact-cadre")
                .then().statusCode(200).body("contactCadreId", equalTo(worker));
        admin.request().delete("/api/households/" + id).then().statusCode(200).body("status", equalTo("REMOVED"));
        admin.get("/api/grids/" + town.majia2 + "/households").then()
                .body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        admin.post("/api/households/" + id + "/visits", Map.of()).then().statusCode(409);
    }

    @Test
    void householdsNobodyVisitedLatelyForTheGridAndForTheirCadre() {
        clock.set(OffsetDateTime.parse("2026-11-27T10:00:00+08:00").toInstant());
        String worker = town.personOf.get(town.majiaWorker.accountId());
        String visited = admin.create("/api/households", Map.of("microGridId", town.majia1, "address", "马家村四组2号",
                "headName", "马老四", "membersCount", 3));
        String forgotten = admin.create("/api/households", Map.of("microGridId", town.majia1,
                "address", "马家村四组9号", "headName", "马独居", "membersCount", 1));
        for (String id : List.of(visited, forgotten)) {
            admin.request().body(Map.of("personId", worker)).put("/api/households/" + id + "/contact-cadre")
                    .then().statusCode(200);
        }
        town.majiaWorker.post("/api/households/" + visited + "/visits", Map.of("visitedOn", "2026-11-24"))
                .then().statusCode(200);

        // not visited in 7 days (since 2026-11-21, Shanghai): only the one nobody ever visited
        town.majiaCadre.get("/api/grids/" + town.majia1 + "/households?notVisitedDays=7&size=200").then()
                .statusCode(200).body("items.id", hasItem(forgotten))
                .body("items.id", org.hamcrest.Matchers.not(hasItem(visited)));
        // in 3 days (since 2026-11-25): both, the never-visited first
        town.majiaCadre.get("/api/grids/" + town.majia1 + "/households?notVisitedDays=3&contactCadreId=" + worker
                + "&size=200").then().body("items.id", contains(forgotten, visited));
        // the cadre's own 包户 list
        town.majiaWorker.get("/api/me/households?size=200").then().statusCode(200)
                .body("items.id", hasItems(visited, forgotten));
        town.majiaWorker.get("/api/me/households?notVisitedDays=7&size=200").then()
                .body("items.id", hasItem(forgotten)).body("items.id", org.hamcrest.Matchers.not(hasItem(visited)));
        town.majiaCadre.get("/api/grids/" + town.majia1 + "/households?notVisitedDays=0").then().statusCode(400)
                .body("errors.field", hasItem("notVisitedDays"));

        // the same follow-up list as Excel (包户台账), for the village's cadre to print; nobody else's
        var xlsx = town.majiaCadre.get("/api/grids/" + town.majia + "/households.xlsx?notVisitedDays=7");
        xlsx.then().statusCode(200).header("Content-Disposition", org.hamcrest.Matchers.containsString(".xlsx"));
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx.asByteArray()))) {
            var rows = workbook.getFirstSheet().read();
            assertEquals(List.of("微网格", "地址", "户主", "人口", "标签", "包户干部", "最近走访", "走访次数", "状态"),
                    rows.get(0).stream().map(org.dhatim.fastexcel.reader.Cell::getText).toList());
            var forgottenRow = rows.stream().filter(r -> "马家村四组9号".equals(r.getCellText(1))).findFirst()
                    .orElseThrow();
            assertEquals("马小明", forgottenRow.getCellText(5));
            assertEquals(false, rows.stream().anyMatch(r -> "马家村四组2号".equals(r.getCellText(1))),
                    "visited lately: not on the list");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String csv = town.majiaCadre.get("/api/grids/" + town.majia + "/households.csv?notVisitedDays=7").then()
                .statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(csv.startsWith("\uFEFF微网格,地址,户主"), csv);
        town.xuejiaWorker.get("/api/grids/" + town.majia + "/households.xlsx").then().statusCode(404);
    }
}
