package io.wangge.report;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A key-work phase is a reporting period: its deadlines follow the phase's due time, its roll-up its tasks. */
@QuarkusTest
class PhasePeriodTest {

    private static final OffsetDateTime PHASE_DUE = OffsetDateTime.parse("2026-11-25T18:00:00+08:00");

    @Inject
    EntityManager entityManager;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void phasesAreReportingPeriods() {
        ReportTown town = new ReportTown(entityManager, clock);
        UUID item = UUID.randomUUID();
        UUID phase = UUID.randomUUID();
        try (GridFeed feed = new GridFeed(clock); TaskFeed tasks = new TaskFeed(clock)) {
            Map<String, Object> dispatched = new LinkedHashMap<>();
            dispatched.put("itemId", item);
            dispatched.put("title", "人居环境整治");
            dispatched.put("category", "LIVING_ENVIRONMENT");
            dispatched.put("scopeNodeIds", List.of(town.town.id()));
            dispatched.put("targetLevel", "MICRO_GRID");
            dispatched.put("assigneeRole", "COMPREHENSIVE_GRID_WORKER");
            dispatched.put("dueAt", "2026-12-04T18:00:00+08:00");
            dispatched.put("taskCount", 3);
            dispatched.put("unassignedCount", 0);
            dispatched.put("phases", List.of(Map.of("phaseId", phase, "name", "自查", "dueAt",
                    EventTime.format(PHASE_DUE))));
            dispatched.put("actor", town.townAdmin);
            dispatched.put("occurredAt", "2026-11-23T09:00:00+08:00");
            feed.send("wangge.keywork.dispatched.v1", item, dispatched, UUID.randomUUID().toString());

            for (GridFeed.Node grid : List.of(town.majia1, town.majia2)) {
                TaskFeed.Task task = new TaskFeed.Task(item, grid, "LIVING_ENVIRONMENT", PHASE_DUE, town.majia1Worker);
                task.phaseId = phase;
                tasks.dispatched(task);
                if (grid == town.majia1) {
                    tasks.complete(task, PHASE_DUE.minusHours(6), town.majiaCadre);
                }
            }
            tasks.dispatched(new TaskFeed.Task(item, town.xuejia1, "LIVING_ENVIRONMENT", PHASE_DUE,
                    town.xuejia1Worker));
        }
        String period = "phase-" + phase;
        // Each task travels on its own partition: wait until the phase's tasks and the third one have all arrived.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var rollup = ReportTown.as(town.townAdmin, "town-admin")
                    .get("/api/rollups?nodeId=" + town.town.id() + "&period=" + period);
            var week = ReportTown.as(town.townAdmin, "town-admin")
                    .get("/api/rollups?nodeId=" + town.xuejia.id() + "&period=2026-W48");
            return rollup.statusCode() == 200 && rollup.<Integer>path("total.completed") == 1
                    && rollup.<Integer>path("total.dispatched") == 2 && week.<Integer>path("total.dispatched") == 1;
        });

        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/periods/" + period).then().statusCode(200)
                .body("type", equalTo("PHASE"))
                .body("startsOn", equalTo("2026-11-23"))
                .body("endsOn", equalTo("2026-11-25"))
                .body("deadlines.GRID", equalTo("2026-11-25T18:00:00+08:00"))
                .body("deadlines.VILLAGE", equalTo("2026-11-26T12:00:00+08:00"));
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=" + period).then()
                .body("total.dispatched", equalTo(2))
                .body("children.find { it.name == '薛家村' }.counts.dispatched", equalTo(0));
        // the phase's printed brief is called by its work and name, not by its id
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/exports/brief.html?nodeId=" + town.town.id() + "&period=" + period).then()
                .statusCode(200).body(org.hamcrest.Matchers.containsString("人居环境整治·自查 工作简报"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(period)));

        clock.set(PHASE_DUE.minusHours(1).toInstant());
        String report = ReportTown.as(town.majia1Worker, "grid-worker")
                .body(Map.of("nodeId", town.majia1.id(), "period", period)).post("/api/reports")
                .then().statusCode(201).extract().path("id");
        ReportTown.as(town.majia1Worker, "grid-worker").post("/api/reports/" + report + "/file").then()
                .statusCode(200).body("onTime", equalTo(true)).body("period", equalTo(period));
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/periods/phase-" + UUID.randomUUID()).then()
                .statusCode(400);
    }
}
