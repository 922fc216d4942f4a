package io.wangge.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Roll-ups stay exact under redelivery and out-of-order arrival of a task's events. */
@QuarkusTest
class RollupTest {

    static final OffsetDateTime DUE = OffsetDateTime.parse("2026-11-27T18:00:00+08:00");

    @Inject
    EntityManager entityManager;

    @Inject
    TestClock clock;

    @Inject
    io.wangge.report.service.TaskFacts facts;

    /**
     * When a partition changes hands, two consumers can apply the same batch at once for a moment; no id is claimed
     * for this consumer, so each task's row must keep the second from counting the tasks again.
     */
    @Test
    void twoConsumersApplyingTheSameNewTasksAtOnceCountEachOnce() throws Exception {
        ReportTown town = new ReportTown(entityManager, clock);
        UUID item = UUID.randomUUID();
        String category = "DISASTER_RELIEF_" + item.toString().substring(0, 8);
        List<io.wangge.platform.events.InboundEvent> batch = new java.util.ArrayList<>();
        try (TaskFeed feed = new TaskFeed(clock)) {
            for (int i = 0; i < 300; i++) {
                batch.add(feed.inbound("wangge.task.dispatched.v1",
                        new TaskFeed.Task(item, i % 2 == 0 ? town.majia1 : town.majia2, category, DUE, null)));
            }
        }
        for (int round = 0; round < 3; round++) {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int consumer = 0; consumer < 2; consumer++) {
                runs.add(two.submit(() -> {
                    together.await();
                    QuarkusTransaction.requiringNew().run(() -> {
                        try {
                            facts.apply(new io.wangge.report.service.TaskFacts.Arrived(batch.stream()
                                    .map(e -> e.as(io.wangge.platform.events.types.TaskTopic.TaskState.class))
                                    .toList(), List.of(), List.of()));
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get();
            }
            two.shutdown();
        }
        long dispatched = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT dispatched FROM rollup_counter WHERE period_id = '2026-W48' AND node_id = ?1"
                                + " AND category = ?2").setParameter(1, town.majia.id()).setParameter(2, category)
                .getSingleResult()).longValue());
        assertEquals(300, dispatched, "300 tasks counted once each at their village, however often applied");
        assertEquals(300, facts(item));
    }

    @Test
    void exactUnderDuplicatesAndOutOfOrderEvents() {
        ReportTown town = new ReportTown(entityManager, clock);
        UUID item = UUID.randomUUID();
        try (TaskFeed feed = new TaskFeed(clock)) {
            TaskFeed.Task a1 = new TaskFeed.Task(item, town.majia1, "AIR_POLLUTION", DUE, town.majia1Worker);
            TaskFeed.Task a2 = new TaskFeed.Task(item, town.majia2, "AIR_POLLUTION", DUE, town.majia2Worker);
            TaskFeed.Task b1 = new TaskFeed.Task(item, town.xuejia1, "AIR_POLLUTION", DUE, town.xuejia1Worker);
            TaskFeed.Task other = new TaskFeed.Task(item, town.xuejia1, "SAFETY_PRODUCTION",
                    DUE.plusWeeks(1), town.xuejia1Worker);
            String first = feed.dispatched(a1);
            feed.again("wangge.task.dispatched.v1", a1, first);
            feed.again("wangge.task.dispatched.v1", a1, first);
            feed.dispatched(a2);
            feed.dispatched(other);

            // b1's completion arrives before its dispatch: the older state must not win.
            Runnable b1Dispatched = feed.later("wangge.task.dispatched.v1", b1);
            feed.complete(b1, DUE.minusDays(1), town.majiaCadre);
            b1Dispatched.run();

            feed.complete(a1, DUE.plusHours(3), town.majiaCadre);
            feed.overdue(a2);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> facts(item) == 4
                && QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM task_fact WHERE item_id = ?1 AND (status = 'COMPLETED' OR overdue)")
                .setParameter(1, item).getSingleResult()).longValue()) == 3);

        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=2026-W48").then().statusCode(200)
                .body("total.dispatched", equalTo(3))
                .body("total.completed", equalTo(2))
                .body("total.completedOnTime", equalTo(1))
                .body("total.overdue", equalTo(1))
                .body("total.open", equalTo(1))
                .body("total.completionRate", equalTo(0.6667f))
                .body("total.onTimeRate", equalTo(0.5f))
                .body("children.find { it.name == '马家村' }.counts.dispatched", equalTo(2))
                .body("children.find { it.name == '薛家村' }.counts.completedOnTime", equalTo(1));
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.xuejia.id() + "&period=2026-W49&category=SAFETY_PRODUCTION")
                .then().body("total.dispatched", equalTo(1)).body("total.open", equalTo(1));
        ReportTown.as(town.xuejia1Worker, "grid-worker")
                .get("/api/rollups?nodeId=" + town.majia.id() + "&period=2026-W48").then().statusCode(404);

        String report = ReportTown.as(town.majia2Worker, "grid-worker")
                .body(Map.of("nodeId", town.majia2.id(), "period", "2026-W48")).post("/api/reports").then()
                .statusCode(201).extract().path("id");
        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/reports/" + report).then().statusCode(200);

        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(),
                io.wangge.platform.time.ClockProducer.ZONE);
        String week = "/api/rollups?nodeId=" + town.town.id() + "&period="
                + io.wangge.report.Period.containing(today, io.wangge.report.PeriodType.WEEK).id();
        ReportTown.as(town.majia2Worker, "grid-worker").body(Map.of("nodeId", town.majia2.id(), "kind", "SEMINAR",
                "title", "二组院坝会：冬季防火", "heldOn", today.toString(), "quantity", 1, "headcount", 15))
                .post("/api/activities").then().statusCode(201);
        var before = ReportTown.as(town.townAdmin, "town-admin").get(week).then().statusCode(200).extract();
        int townSeminars = before.path("activities.SEMINAR");
        int majiaSeminars = before.path("children.find { it.name == '马家村' }.activities.SEMINAR");

        // 马家村's second micro-grid moves to 薛家村, and its (overdue) task's count moves along
        GridFeed.Node moved = new GridFeed.Node(town.majia2.id(), town.majia2.code(), town.majia2.name(),
                "MICRO_GRID", town.xuejia, town.xuejia.path() + town.majia2.id() + "/", 4);
        try (GridFeed feed = new GridFeed(clock)) {
            feed.moved(moved, town.majia2, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=2026-W48")
                .<Integer>path("children.find { it.name == '薛家村' }.counts.dispatched") == 2);
        // its activity too: counted for 薛家村 now, no longer for 马家村, once for the town
        var after = ReportTown.as(town.townAdmin, "town-admin").get(week).then().statusCode(200).extract();
        assertEquals(townSeminars, (int) after.path("activities.SEMINAR"));
        assertEquals(majiaSeminars - 1, ((Number) java.util.Objects.requireNonNullElse(
                after.path("children.find { it.name == '马家村' }.activities.SEMINAR"), 0)).intValue());
        assertEquals(1, (int) after.path("children.find { it.name == '薛家村' }.activities.SEMINAR"));
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=2026-W48").then()
                .body("total.dispatched", equalTo(3))
                .body("children.find { it.name == '马家村' }.counts.dispatched", equalTo(1))
                .body("children.find { it.name == '马家村' }.counts.overdue", equalTo(0))
                .body("children.find { it.name == '薛家村' }.counts.overdue", equalTo(1));
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.xuejia.id() + "&period=2026-11").then()
                .body("total.dispatched", equalTo(2));
        // a task dispatched there before the move, its event read after it (it still names the old path): counted
        // where the grid is now
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.dispatched(new TaskFeed.Task(item, town.majia2, "AIR_POLLUTION", DUE, town.majia2Worker));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=2026-W48")
                .<Integer>path("children.find { it.name == '薛家村' }.counts.dispatched") == 3);
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=2026-W48").then()
                .body("total.dispatched", equalTo(4))
                .body("children.find { it.name == '马家村' }.counts.dispatched", equalTo(1));
        // its report moves too: 马家村's cadre no longer sees it
        assertEquals(moved.path(), QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT node_path FROM report WHERE id = ?1").setParameter(1, UUID.fromString(report))
                .getSingleResult()));
        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/reports/" + report).then().statusCode(404);
        // what the counters kept as events arrived is what the facts say: recomputed from the facts, nothing moves
        List<String> kept = counters(town);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "SELECT CAST(rollup_counters_rebuild() AS text)").getSingleResult());
        assertEquals(kept, counters(town));
    }

    /** The town's non-zero counters, as text, in key order. */
    @SuppressWarnings("unchecked")
    private List<String> counters(ReportTown town) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) entityManager.createNativeQuery("""
                        SELECT concat_ws(' ', period_id, node_id, category, dispatched, completed, completed_on_time,
                                         overdue, open, cancelled)
                          FROM rollup_counter
                         WHERE node_id IN (?1, ?2, ?3, ?4, ?5, ?6)
                           AND (dispatched, completed, completed_on_time, overdue, open, cancelled)
                               <> (0, 0, 0, 0, 0, 0)
                         ORDER BY 1""")
                .setParameter(1, town.town.id()).setParameter(2, town.majia.id()).setParameter(3, town.xuejia.id())
                .setParameter(4, town.majia1.id()).setParameter(5, town.majia2.id())
                .setParameter(6, town.xuejia1.id()).getResultList());
    }

    private long facts(UUID item) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM task_fact WHERE item_id = ?1").setParameter(1, item).getSingleResult())
                .longValue());
    }
}
