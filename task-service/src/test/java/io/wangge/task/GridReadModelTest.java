package io.wangge.task;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The grid read model is built from wangge.grid alone, survives redelivery and late events, follows moves. */
@QuarkusTest
class GridReadModelTest {

    @Inject
    io.wangge.gridview.GridReadModel gridView;

    @Inject
    TestClock clock;

    @Test
    void duplicatesAndLateOlderStatesChangeNothing() {
        GridFeed.Node village = GridFeed.Node.root("640431", "重放县", "COUNTY");
        try (GridFeed feed = new GridFeed(clock)) {
            feed.node(village);
            String renamed = UUID.randomUUID().toString();
            Map<String, Object> v2 = state(village, "重放县（新名）", 2);
            for (int i = 0; i < 3; i++) {
                feed.send("wangge.node.updated.v1", village.id(), v2, renamed);
            }
            feed.send("wangge.node.updated.v1", village.id(), state(village, "重放县（旧名，迟到）", 1),
                    UUID.randomUUID().toString());
            String marker = feed.node("wangge.node.updated.v1", village.child("640431101", "标记镇", "TOWN"), 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(marker) == 1);
            assertEquals(1, inbox(renamed), "handled once");
        }
        Object[] view = QuarkusTransaction.requiringNew().call(() -> (Object[]) Task.getEntityManager()
                .createNativeQuery("SELECT name, version FROM grid_node_view WHERE id = ?1")
                .setParameter(1, village.id()).getSingleResult());
        assertEquals("重放县（新名）", view[0]);
        assertEquals(2L, ((Number) view[1]).longValue());
    }

    @Test
    void aMovedGridTakesItsTasksAlong() {
        TaskTown town = new TaskTown(clock);
        java.util.Map<String, Object> item = KeyWorkDispatchTest.item(town, "网格迁移前派发的工作");
        item.put("dueAt", "2027-06-30T18:00:00+08:00");
        String id = town.townAdmin().body(item).post("/api/key-work").then().statusCode(201).extract().path("id");
        town.townAdmin().post("/api/key-work/" + id + "/dispatch").then().statusCode(200);
        GridFeed.Node grid = town.majiaGrids.get(2);
        long tasks = QuarkusTransaction.requiringNew().call(() -> Task.count("nodeId", grid.id()));
        assertEquals(1, tasks);
        String matter = town.townAdmin().body(Map.of("nodeId", grid.id(), "categoryCode", "LIVELIHOOD",
                "description", "村道路灯损坏，夜间行人不便")).post("/api/cases").then().statusCode(201)
                .extract().path("id");
        town.majiaCadre().get("/api/cases/" + matter).then().statusCode(200);

        GridFeed.Node moved = new GridFeed.Node(grid.id(), grid.code(), grid.name(), grid.level(), town.xuejia,
                town.xuejia.path() + grid.id() + "/", 4);
        try (GridFeed feed = new GridFeed(clock)) {
            Map<String, Object> state = state(moved, grid.name(), 1);
            state.put("previousParentId", town.majia.id());
            state.put("previousPath", grid.path());
            state.put("movedRootId", grid.id());
            feed.send("wangge.node.moved.v1", grid.id(), state, UUID.randomUUID().toString());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                Task.count("nodeId = ?1 AND nodePath = ?2", grid.id(), moved.path()) == 1));
        assertEquals(moved.path(), gridView.node(grid.id()).orElseThrow().path().value());
        town.townAdmin().get("/api/tasks?nodeId=" + town.xuejia.id() + "&itemId=" + id + "&size=200").then()
                .body("total", org.hamcrest.Matchers.equalTo(3));
        // the grid's case went along: 马家村's cadre no longer sees it, it is listed under 薛家村
        town.majiaCadre().get("/api/cases/" + matter).then().statusCode(404);
        town.townAdmin().get("/api/cases?nodeId=" + town.xuejia.id() + "&size=200").then()
                .body("items.id", org.hamcrest.Matchers.hasItem(matter));

        // an older move re-driven late (a dead letter sent again) changes nothing and drags nothing back
        try (GridFeed feed = new GridFeed(clock)) {
            Map<String, Object> stale = state(grid, grid.name(), 0);
            stale.put("previousParentId", town.xuejia.id());
            stale.put("previousPath", moved.path());
            stale.put("movedRootId", grid.id());
            String late = UUID.randomUUID().toString();
            feed.send("wangge.node.moved.v1", grid.id(), stale, late);
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(late) == 1);
        }
        assertEquals(moved.path(), gridView.node(grid.id()).orElseThrow().path().value());
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() ->
                Task.count("nodeId = ?1 AND nodePath = ?2", grid.id(), moved.path())));
        town.majiaCadre().get("/api/cases/" + matter).then().statusCode(404);
    }

    private Map<String, Object> state(GridFeed.Node node, String name, long version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("nodeId", node.id());
        data.put("code", node.code());
        data.put("name", name);
        data.put("level", node.level());
        data.put("parentId", node.parent() == null ? null : node.parent().id());
        data.put("path", node.path());
        data.put("depth", node.depth());
        data.put("status", "ACTIVE");
        data.put("version", version);
        data.put("changedBy", "grid-feed");
        data.put("changedAt", EventTime.format(OffsetDateTime.now(clock)));
        return data;
    }

    private static long inbox(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Task.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM inbox_event WHERE event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
    }
}
