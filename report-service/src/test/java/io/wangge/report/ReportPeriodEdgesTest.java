package io.wangge.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Periods are Asia/Shanghai's while the JVM runs in UTC: the current period, roll-ups of the tasks due in a period
 * and filing deadlines, at 23:59:59 on the last day of a month and of a year, at Monday 00:00 and on 29 February
 * 2028 (each of which is still the day before in UTC, or the same day with another date in Shanghai).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPeriodEdgesTest {

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    private ReportTown town;

    @BeforeAll
    void town() {
        town = new ReportTown(entityManager, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theCurrentPeriodTurnsAtShanghaiMidnight() {
        current("2026-12-31T23:59:59+08:00", "MONTH", "2026-12");
        current("2027-01-01T00:00:00+08:00", "MONTH", "2027-01");   // 2026-12-31 16:00 in UTC
        current("2027-01-01T00:00:00+08:00", "WEEK", "2026-W53");   // 2026 has 53 ISO weeks
        current("2027-01-03T23:59:59+08:00", "WEEK", "2026-W53");
        current("2027-01-04T00:00:00+08:00", "WEEK", "2027-W01");   // Monday 00:00, Sunday 16:00 in UTC
        current("2028-02-29T23:59:59+08:00", "MONTH", "2028-02");
        current("2028-02-29T23:59:59+08:00", "WEEK", "2028-W09");
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/periods/2028-02").then().statusCode(200)
                .body("endsOn", equalTo("2028-02-29"))
                .body("deadlines.GRID", equalTo("2028-02-27T18:00:00+08:00"))
                .body("deadlines.VILLAGE", equalTo("2028-02-28T12:00:00+08:00"))
                .body("deadlines.TOWN", equalTo("2028-03-01T12:00:00+08:00"));
    }

    @Test
    void rollupsCountATaskInThePeriodItIsDueIn() {
        UUID item = UUID.randomUUID();
        String[] dues = {"2026-12-31T23:59:59+08:00", "2027-01-01T00:00:00+08:00", "2027-01-03T23:59:59+08:00",
                "2027-01-04T00:00:00+08:00", "2028-02-29T23:59:59+08:00", "2028-03-01T00:00:00+08:00"};
        try (TaskFeed feed = new TaskFeed(clock)) {
            for (String due : dues) {
                feed.dispatched(new TaskFeed.Task(item, town.majia1, "AIR_POLLUTION", OffsetDateTime.parse(due)
                        .withOffsetSameInstant(java.time.ZoneOffset.UTC), town.majia1Worker));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery("SELECT count(*) FROM task_fact WHERE item_id = ?1")
                        .setParameter(1, item).getSingleResult()).intValue()) == dues.length);
        Map<String, Integer> expected = Map.of("2026-12", 1, "2027-01", 3, "2026-W53", 3, "2027-W01", 1,
                "2028-02", 1, "2028-W09", 2, "2028-03", 1, "2026-11", 0);   // 1 March 2028 is the Wednesday of W09
        Map<String, Integer> actual = new java.util.TreeMap<>();
        expected.keySet().forEach(period -> actual.put(period, ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rollups?nodeId=" + town.town.id() + "&period=" + period).then().statusCode(200)
                .extract().path("total.dispatched")));
        assertEquals(new java.util.TreeMap<>(expected), actual);
        ReportTown.as(town.townAdmin, "town-admin").get("/api/rankings?nodeId=" + town.town.id()
                + "&period=2026-W53").then().statusCode(200);
    }

    @Test
    void aReportFiledAtItsDeadlineIsOnTimeAndOneSecondLaterIsLate() {
        // 2026-W53's micro-grid deadline is New Year's Day 18:00 in Shanghai (10:00 UTC)
        clock.set(OffsetDateTime.parse("2026-12-31T23:59:59+08:00").toInstant());
        String onTime = draft(town.majia1Worker, town.majia1.id());
        String late = draft(town.majia2Worker, town.majia2.id());
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/periods/2026-W53").then()
                .body("deadlines.GRID", equalTo("2027-01-01T18:00:00+08:00"));
        clock.set(OffsetDateTime.parse("2027-01-01T10:00:00Z").toInstant());
        assertEquals(true, file(town.majia1Worker, onTime));
        clock.set(OffsetDateTime.parse("2027-01-01T18:00:01+08:00").toInstant());
        assertEquals(false, file(town.majia2Worker, late));
    }

    private void current(String at, String type, String id) {
        clock.set(OffsetDateTime.parse(at).toInstant());
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/periods/current?type=" + type).then()
                .statusCode(200).body("id", equalTo(id));
    }

    private String draft(String worker, UUID node) {
        return ReportTown.as(worker, "grid-worker").body(Map.of("nodeId", node, "period", "2026-W53"))
                .post("/api/reports").then().statusCode(201).extract().path("id");
    }

    private Boolean file(String worker, String report) {
        return ReportTown.as(worker, "grid-worker").post("/api/reports/" + report + "/file").then().statusCode(200)
                .extract().path("onTime");
    }
}
