package io.wangge.task;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker's phone keeps its tasks and cases by delta, and hands in photos it took as uploads. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskSyncTest {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F',
        0, 1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    private TaskTown town;

    @BeforeEach
    void setUp() {
        clock.set(KeyWorkDispatchTest.MONDAY.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aPhoneSyncsItsTasksByDeltaWithRemovalsAnd304WhenNothingChanged() {
        String first = town.majiaTask("禁烧巡查·同步一");
        String second = town.majiaTask("禁烧巡查·同步二");

        // from the start, a page at a time: every task once, in the order they changed
        List<String> seen = new ArrayList<>();
        String cursor = null;
        boolean more = true;
        while (more) {
            Response page = sync(town.majiaWorker(), cursor, 1, null);
            page.then().statusCode(200).header("ETag", equalTo("\"" + page.path("cursor") + "\""));
            seen.addAll(page.path("items.id"));
            cursor = page.path("cursor");
            more = page.path("more");
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no task twice: " + seen);
        assertTrue(seen.containsAll(List.of(first, second)), seen.toString());
        String held = cursor;

        // nothing changed since: 304, no body; the same cursor again without If-None-Match: an empty page
        sync(town.majiaWorker(), held, 100, "\"" + held + "\"").then().statusCode(304);
        sync(town.majiaWorker(), held, 100, null).then().statusCode(200).body("items", hasSize(0))
                .body("removed", hasSize(0)).body("cursor", equalTo(held));

        // a step on one task: only that task comes, in its new state
        town.majiaWorker().post("/api/tasks/" + first + "/accept").then().statusCode(200);
        Response delta = settled(town::majiaWorker, held);
        delta.then().statusCode(200).body("items.id", equalTo(List.of(first)))
                .body("items[0].status", equalTo("ACCEPTED"));
        held = delta.path("cursor");

        // given to the village cadre: the worker's phone drops it, the cadre's gets it
        town.townAdmin().body(Map.of("personId", TaskTown.personOf(town.majiaCadre)))
                .post("/api/tasks/" + second + "/reassign").then().statusCode(200);
        settled(town::majiaWorker, held).then().statusCode(200).body("items", hasSize(0))
                .body("removed", equalTo(List.of(second)));
        sync(town.majiaCadre(), null, 500, null).then().statusCode(200).body("items.id", hasItem(second));

        sync(town.majiaWorker(), "not-a-cursor", 100, null).then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
        sync(town.majiaWorker(), cursorOf("v1:-1:0:all"), 100, null).then().statusCode(400);

        // a cursor taken in another place (the worker's posts changed since): the phone starts over
        sync(town.majiaWorker(), cursorOf("v1:1:1:another-place"), 500, null).then().statusCode(200)
                .body("reset", equalTo(true)).body("items.id", hasItem(first));
        sync(town.majiaWorker(), held, 500, null).then().statusCode(200).body("reset", equalTo(false));
    }

    @Test
    void aCursorNeverPassesAChangeThatCommitsLater() throws Exception {
        String early = town.majiaTask("禁烧巡查·先开始的事务");
        String late = town.majiaTask("禁烧巡查·后提交的事务");
        String held = drained(null);
        try (Connection slow = dataSource.getConnection()) {
            // a transaction that changes a task and is still running while a later one commits
            slow.setAutoCommit(false);
            try (PreparedStatement touch = slow.prepareStatement(
                    "UPDATE task SET title = title || '（更新）' WHERE id = ?")) {
                touch.setObject(1, UUID.fromString(early));
                touch.executeUpdate();
            }
            town.majiaWorker().post("/api/tasks/" + late + "/accept").then().statusCode(200);
            // the later change is held back: handing it out would move the cursor past the running one
            sync(town.majiaWorker(), held, 100, null).then().statusCode(200).body("items", hasSize(0))
                    .body("cursor", equalTo(held));
            slow.commit();
        }
        // handed out once no older transaction runs (another service's consumer may hold one for a moment)
        String from = held;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                sync(town.majiaWorker(), from, 100, null).<List<?>>path("items").size() == 2);
        Response both = sync(town.majiaWorker(), held, 100, null);
        both.then().statusCode(200);
        assertEquals(List.of(early, late), both.path("items.id"), "in the order they changed");
        assertTrue(both.<String>path("items[0].title").endsWith("（更新）"));
        assertFalse(both.<Boolean>path("more"));
    }

    @Test
    void aCadresPhoneSyncsTheCasesOfTheirPlace() {
        String mine = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                "SAFETY_PRODUCTION", "description", "村口变压器漏油", "locationText", "马家村一组村口"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        String theirs = town.xuejiaWorker().body(Map.of("nodeId", town.xuejiaGrids.get(0).id(), "categoryCode",
                "SAFETY_PRODUCTION", "description", "桥面裂缝", "locationText", "薛家村桥头"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        Response all = casesUntil(town.majiaCadre, "village-cadre", null, page -> page.<List<String>>path("items.id")
                .contains(mine));
        assertFalse(all.<List<String>>path("items.id").contains(theirs), "another village's case");
        String held = all.path("cursor");
        TaskTown.as(town.majiaCadre, "village-cadre").header("If-None-Match", "\"" + held + "\"")
                .queryParam("cursor", held).get("/api/cases/sync").then().statusCode(304);
        town.majiaCadre().post("/api/cases/" + mine + "/register").then().statusCode(200);
        casesUntil(town.majiaCadre, "village-cadre", held, page -> !page.<List<?>>path("items").isEmpty()).then()
                .body("items.id", equalTo(List.of(mine))).body("items[0].status", equalTo("REGISTERED"));

        // escalated from the grid to the village: gone from the grid worker's phone, kept on the village cadre's
        String climbing = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                "SAFETY_PRODUCTION", "description", "宅基地纠纷", "locationText", "马家村一组"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        String worker = casesUntil(town.majiaWorker, "grid-worker", null, page -> page.<List<String>>path("items.id")
                .contains(climbing)).path("cursor");
        String cadre = casesUntil(town.majiaCadre, "village-cadre", null, page -> page.<List<String>>path("items.id")
                .contains(climbing)).path("cursor");
        town.majiaWorker().body(Map.of("note", "涉及两个村民小组，需村委调解")).post("/api/cases/" + climbing + "/escalate")
                .then().statusCode(200).body("nodeName", equalTo("马家村"));
        casesUntil(town.majiaWorker, "grid-worker", worker, page -> !page.<List<?>>path("removed").isEmpty()).then()
                .body("removed", equalTo(List.of(climbing))).body("items.id", org.hamcrest.Matchers.not(hasItem(climbing)));
        casesUntil(town.majiaCadre, "village-cadre", cadre, page -> !page.<List<?>>path("items").isEmpty()).then()
                .body("items.id", equalTo(List.of(climbing))).body("items[0].status", equalTo("ESCALATED"))
                .body("removed", hasSize(0));
    }

    /** The first page after {@code cursor} that {@code done} accepts: changes come once older transactions ended. */
    private Response casesUntil(String account, String role, String cursor,
                                java.util.function.Predicate<Response> done) {
        Response[] page = new Response[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            var request = TaskTown.as(account, role).queryParam("size", 500);
            page[0] = (cursor == null ? request : request.queryParam("cursor", cursor)).get("/api/cases/sync");
            return page[0].statusCode() == 200 && done.test(page[0]);
        });
        return page[0];
    }

    @Test
    void aWorkerHandsInPhotosTakenOnTheirPhone() {
        String task = town.majiaTask("禁烧巡查·拍照");
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        Response uploaded = TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/jpeg").body(JPEG)
                .post("/api/tasks/" + task + "/photos");
        uploaded.then().statusCode(201).body("url", containsString("/api/media/"));
        String url = uploaded.path("url");

        // what it says it is, or refused; only the task's worker uploads
        TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/png").body(JPEG)
                .post("/api/tasks/" + task + "/photos").then().statusCode(400)
                .body("errors.message", hasItem(containsString("not a image/png")));
        TaskTown.as(town.xuejiaWorker, "grid-worker").contentType("image/jpeg").body(JPEG)
                .post("/api/tasks/" + task + "/photos").then().statusCode(404);

        town.majiaWorker().body(Map.of("note", "已巡查，拍照留存", "photoUrls", List.of(url)))
                .post("/api/tasks/" + task + "/submit").then().statusCode(200)
                .body("evidence.photoUrls", equalTo(List.of(url)));
        // the cadre who verifies sees it; another village does not
        byte[] seen = TaskTown.as(town.majiaCadre, "village-cadre").get(url).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        assertEquals(JPEG.length, seen.length);
        TaskTown.as(town.xuejiaWorker, "grid-worker").get(url).then().statusCode(404);

        // another task cannot hand in this task's photo
        String other = town.majiaTask("禁烧巡查·借用照片");
        town.majiaWorker().post("/api/tasks/" + other + "/accept").then().statusCode(200);
        town.majiaWorker().body(Map.of("note", "借用", "photoUrls", List.of(url)))
                .post("/api/tasks/" + other + "/submit").then().statusCode(400)
                .body("errors.field", hasItem("photoUrls"));
        town.majiaWorker().body(Map.of("note", "借用", "photoUrls", List.of("https://task.wangge.example" + url)))
                .post("/api/tasks/" + other + "/submit").then().statusCode(400)
                .body("errors.field", hasItem("photoUrls"));
    }

    @Test
    void aWorkerPhotographsACaseAndItsHandling() {
        String matter = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                "SAFETY_PRODUCTION", "description", "村道塌陷一处", "locationText", "马家村二组路口"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        String held = casesUntil(town.majiaCadre, "village-cadre", null, page -> page.<List<String>>path("items.id")
                .contains(matter)).path("cursor");
        String version = TaskTown.as(town.majiaCadre, "village-cadre").get("/api/cases/" + matter).getHeader("ETag");
        Response uploaded = TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/jpeg").body(JPEG)
                .post("/api/cases/" + matter + "/photos");
        uploaded.then().statusCode(201).body("url", containsString("/api/media/"));
        String id = uploaded.path("id");

        // the cadre's phone gets the case again with its photo; a step read before the photo still applies
        casesUntil(town.majiaCadre, "village-cadre", held, page -> !page.<List<?>>path("items").isEmpty()).then()
                .body("items.id", equalTo(List.of(matter))).body("items[0].mediaUrls", hasItem(containsString(id)));
        town.majiaCadre().header("If-Match", version).post("/api/cases/" + matter + "/register").then()
                .statusCode(200);
        TaskTown.as(town.majiaCadre, "village-cadre").get("/api/cases/" + matter + "/history").then().statusCode(200)
                .body("find { it.action == 'PHOTO' }.actor", equalTo(town.majiaWorker))
                .body("find { it.action == 'PHOTO' }.note", containsString(id));

        // on the case for whoever sees it, the cadre who will check the handling included; not another village
        TaskTown.as(town.majiaCadre, "village-cadre").get("/api/cases/" + matter).then().statusCode(200)
                .body("mediaUrls", hasItem(containsString(id)));
        TaskTown.as(town.majiaCadre, "village-cadre").get(io.wangge.task.service.TaskService.MEDIA_PATH + id).then().statusCode(200)
                .contentType("image/jpeg");
        TaskTown.as(town.xuejiaWorker, "grid-worker").get(io.wangge.task.service.TaskService.MEDIA_PATH + id).then().statusCode(404);

        // what it says it is; only staff of the case's place; never on a closed case
        TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/png").body(JPEG)
                .post("/api/cases/" + matter + "/photos").then().statusCode(400)
                .body("errors.message", hasItem(containsString("not a image/png")));
        TaskTown.as(town.xuejiaWorker, "grid-worker").contentType("image/jpeg").body(JPEG)
                .post("/api/cases/" + matter + "/photos").then().statusCode(404);
        // handled: what the verifier checks does not change under them
        town.majiaCadre().body(Map.of("note", town.majiaWorker)).post("/api/cases/" + matter + "/dispatch")
                .then().statusCode(200);
        town.majiaWorker().body(Map.of("note", "已设置警示标志并回填")).post("/api/cases/" + matter + "/handle")
                .then().statusCode(200);
        TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/jpeg").body(JPEG)
                .post("/api/cases/" + matter + "/photos").then().statusCode(409);
    }

    /** The first non-empty page after {@code cursor}: a change is handed out once older transactions ended. */
    private Response settled(java.util.function.Supplier<io.restassured.specification.RequestSpecification> as,
                             String cursor) {
        Response[] page = new Response[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            page[0] = sync(as.get(), cursor, 100, null);
            return page[0].<List<?>>path("items").size() + page[0].<List<?>>path("removed").size() > 0;
        });
        return page[0];
    }

    private static String cursorOf(String plain) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private String drained(String from) {
        String cursor = from;
        boolean more = true;
        while (more) {
            Response page = sync(town.majiaWorker(), cursor, 500, null);
            cursor = page.path("cursor");
            more = page.path("more");
        }
        return cursor;
    }

    private static Response sync(io.restassured.specification.RequestSpecification as, String cursor, int size,
                                 String ifNoneMatch) {
        io.restassured.specification.RequestSpecification request = as.queryParam("size", size);
        if (cursor != null) {
            request = request.queryParam("cursor", cursor);
        }
        if (ifNoneMatch != null) {
            request = request.header("If-None-Match", ifNoneMatch);
        }
        return request.get("/api/me/tasks/sync");
    }
}
