package io.wangge.task;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.ReadBeforeWrite;
import io.wangge.platform.testing.Tokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A small town fed into task-service through wangge.grid, as grid-service would publish it: 长宁镇 with 马家村
 * (three micro-grids, the third without a primary worker) and 薛家村 (two), staffed by a town admin, a village
 * cadre of 马家村 and workers. Each instance has its own codes and accounts.
 */
public final class TaskTown {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 500));

    public final GridFeed.Node county;
    public final GridFeed.Node town;
    public final GridFeed.Node majia;
    public final GridFeed.Node xuejia;
    public final List<GridFeed.Node> majiaGrids;
    public final List<GridFeed.Node> xuejiaGrids;
    public final String townAdmin;
    public final String majiaCadre;
    public final String majiaWorker;
    public final String majiaWorker2;
    public final String xuejiaWorker;

    public TaskTown(Clock clock) {
        int n = NEXT.incrementAndGet();
        String county6 = String.valueOf(630000 + n);
        county = GridFeed.Node.root(county6, "武功县", "COUNTY");
        town = county.child(county6 + "104", "长宁镇", "TOWN");
        majia = town.child(county6 + "104201", "马家村", "VILLAGE");
        xuejia = town.child(county6 + "104202", "薛家村", "VILLAGE");
        majiaGrids = List.of(majia.child(majia.code() + "001", "马家村第一微网格", "MICRO_GRID"),
                majia.child(majia.code() + "002", "马家村第二微网格", "MICRO_GRID"),
                majia.child(majia.code() + "003", "马家村第三微网格", "MICRO_GRID"));
        xuejiaGrids = List.of(xuejia.child(xuejia.code() + "001", "薛家村第一微网格", "MICRO_GRID"),
                xuejia.child(xuejia.code() + "002", "薛家村第二微网格", "MICRO_GRID"));
        townAdmin = "town-admin-" + n;
        majiaCadre = "majia-cadre-" + n;
        majiaWorker = "majia-worker-" + n;
        majiaWorker2 = "majia-worker2-" + n;
        xuejiaWorker = "xuejia-worker-" + n;
        try (GridFeed feed = new GridFeed(clock)) {
            for (GridFeed.Node node : List.of(county, town, majia, xuejia)) {
                feed.node(node);
            }
            majiaGrids.forEach(feed::node);
            xuejiaGrids.forEach(feed::node);
            feed.assign(town, townAdmin, "王建国", "TOWN_CADRE", true);
            feed.assign(majia, majiaCadre, "马秀英", "VILLAGE_CADRE", true);
            feed.assign(majiaGrids.get(0), majiaWorker, "马小明", "COMPREHENSIVE_GRID_WORKER", true);
            feed.assign(majiaGrids.get(1), majiaWorker2, "马春生", "COMPREHENSIVE_GRID_WORKER", true);
            feed.assign(xuejiaGrids.get(0), xuejiaWorker, "薛丽", "COMPREHENSIVE_GRID_WORKER", true);
            feed.assign(xuejiaGrids.get(1), xuejiaWorker, "薛丽", "COMPREHENSIVE_GRID_WORKER", true);
        }
        // The read model is built asynchronously from the topic: wait until the last assignment is in.
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) Task.getEntityManager().createNativeQuery(
                                "SELECT count(*) FROM grid_node_view WHERE path >= ?1 AND path < ?2")
                        .setParameter(1, county.path())
                        .setParameter(2, new io.wangge.platform.security.GridPath(county.path()).subtreeUpperBound())
                        .getSingleResult()).intValue() == 9
                        && ((Number) Task.getEntityManager().createNativeQuery(
                                "SELECT count(*) FROM assignment_view WHERE account_id = ?1")
                        .setParameter(1, xuejiaWorker).getSingleResult()).intValue() == 2));
    }

    /** The person id GridFeed gives an account's person. */
    public static UUID personOf(String account) {
        return UUID.nameUUIDFromBytes(("person:" + account).getBytes(StandardCharsets.UTF_8));
    }

    public static RequestSpecification as(String account, String... roles) {
        return given().header("Authorization", Tokens.bearer(account, roles)).contentType(ContentType.JSON)
                .filter(ReadBeforeWrite.INSTANCE);
    }

    /** Dispatches a fresh item to the town and returns the task of 马家村第一微网格 (马小明's). */
    public String majiaTask(String title) {
        String item = townAdmin().body(KeyWorkDispatchTest.item(this, title)).post("/api/key-work").path("id");
        townAdmin().post("/api/key-work/" + item + "/dispatch").then().statusCode(200);
        return majiaWorker().get("/api/me/tasks?size=200").then().statusCode(200).extract()
                .path("items.find { it.itemId == '" + item + "' }.id");
    }

    /** The supervision of a task, as the town admin lists them; null while there is none. */
    public String supervisionOf(String task) {
        return townAdmin().get("/api/supervisions?nodeId=" + town.id() + "&size=200").then()
                .statusCode(200).extract().path("items.find { it.subjectId == '" + task + "' }.id");
    }

    public RequestSpecification townAdmin() {
        return as(townAdmin, "town-admin");
    }

    public RequestSpecification majiaCadre() {
        return as(majiaCadre, "village-cadre");
    }

    public RequestSpecification majiaWorker() {
        return as(majiaWorker, "grid-worker");
    }

    public RequestSpecification xuejiaWorker() {
        return as(xuejiaWorker, "grid-worker");
    }
}
