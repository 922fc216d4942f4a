package io.wangge.points;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A deed's points belong to the Asia/Shanghai period in which the deed happened, never to the day a consumer
 * handled it: checked at 23:59:59 on the last day of a month and of a year, at Monday 00:00 and on 29 February
 * 2028, while the JVM runs in UTC (where each of those instants is still the day before), for the ledger, caps and
 * leaderboards.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointsPeriodEdgesTest {

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    private PointsTown t;

    @BeforeAll
    void town() {
        t = new PointsTown(entityManager, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theJvmRunsInUtc() {
        assertEquals("UTC", java.util.TimeZone.getDefault().getID(), "these edges prove nothing in Shanghai's zone");
    }

    @Test
    void reportsAndCapsBelongToTheMonthAndYearTheyWereFiledIn() {
        // the consumer sees all three days later: that must not move a point
        clock.set(at("2027-01-05T09:00:00+08:00"));
        try (GridFeed feed = new GridFeed(clock)) {
            t.fileReport(feed, t.worker1, "2026-W53", 15, "2026-12-31T23:59:59+08:00");
            t.fileReport(feed, t.worker1, "2026-W53", 15, "2027-01-01T00:00:00+08:00");
            t.fileReport(feed, t.worker1, "2026-W53", 10, "2027-01-01T00:05:00+08:00");
            // the households visited on New Year's Eve and New Year's Day (Shanghai days, as grid-service dates them)
            for (int i = 0; i < 15; i++) {
                feed.visited(t.grid1, t.worker1, java.time.LocalDate.of(2026, 12, 31));
            }
            for (int i = 0; i < 25; i++) {
                feed.visited(t.grid1, t.worker1, java.time.LocalDate.of(2027, 1, 1));
            }
        }
        UUID worker = PointsTown.person(t.worker1);
        await().atMost(Duration.ofSeconds(30)).until(() -> t.count("SELECT count(*) FROM ledger_entry"
                + " WHERE person_id = ?1 AND source_key LIKE 'report%'", worker) == 3
                && t.count("SELECT count(*) FROM ledger_entry WHERE person_id = ?1 AND source_key LIKE 'visit:%'",
                worker) == 15 + 20);

        // December: 3 on time + 15 visits; January: 2 × 3 on time + visits capped at 20 (25 recorded)
        summary(worker, "2026-12", 18);
        summary(worker, "2027-01", 26);
        summary(worker, "2026-Q4", 18);
        summary(worker, "2027-Q1", 26);
        summary(worker, "2026", 18);
        summary(worker, "2027", 26);
        PointsTown.as(t.secretary, "village-cadre").get("/api/members/" + worker + "/ledger?size=50&period=2026-12")
                .then().statusCode(200).body("items.occurredOn.unique()", contains("2026-12-31"));
        PointsTown.as(t.secretary, "village-cadre").get("/api/members/" + worker + "/ledger?size=50&period=2027-01")
                .then().statusCode(200).body("items.occurredOn.unique()", contains("2027-01-01"));
        leaderboard("2026-12", worker, 18);
        leaderboard("2027-01", worker, 26);
    }

    @Test
    void completionsBelongToTheDayTheyWereVerifiedAndPenaltiesToTheDueDay() {
        TaskFeed.Task lastSecond = task("2027-01-10T18:00:00+08:00", t.worker2);
        TaskFeed.Task firstSecond = task("2027-01-10T18:00:00+08:00", t.worker2);
        // 15:59:59 UTC, as task-service may well write it: still the 30th in Shanghai
        TaskFeed.Task overdue = task("2026-11-30T15:59:59Z", t.worker2);
        // the overdue check notices it in December, and the consumer catches up in January
        clock.set(at("2027-01-03T08:00:00+08:00"));
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.complete(lastSecond, OffsetDateTime.parse("2026-12-31T23:59:59+08:00"), t.secretary);
            feed.complete(firstSecond, OffsetDateTime.parse("2027-01-01T00:00:00+08:00"), t.secretary);
            feed.overdue(overdue);
        }
        UUID worker = PointsTown.person(t.worker2);
        await().atMost(Duration.ofSeconds(30)).until(() -> t.count("SELECT count(*) FROM ledger_entry"
                + " WHERE person_id = ?1 AND source_key LIKE 'task%'", worker) == 3);
        assertEquals(List.of("TASK_OVERDUE"), rules(worker, "2026-11"));
        assertEquals(List.of("TASK_ON_TIME"), rules(worker, "2026-12"));
        assertEquals(List.of("TASK_ON_TIME"), rules(worker, "2027-01"));
    }

    @Test
    void weeklyCapsTurnAtShanghaiMondayAndTheLeapDayBelongsToFebruary() {
        String member = t.secretary;
        UUID person = PointsTown.person(member);
        // from February 2028 a training earns 2 points, at most 2 a week
        PointsTown.as("province-admin-edges", "province-admin", "county-admin").body(Map.of("points", 2, "capPeriod", "WEEK",
                        "capPoints", 2, "effectiveFrom", "2028-02-01")).post("/api/rules/TRAINING_ATTENDED/versions")
                .then().statusCode(200);
        String sunday = propose(member, "2028-02-27T23:59:59+08:00");   // week 2028-W08
        String monday = propose(member, "2028-02-28T00:00:00+08:00");   // week 2028-W09 (Sunday 16:00 in UTC)
        String leapDay = propose(member, "2028-02-29T23:59:59+08:00");  // W09 again: over the weekly cap
        // the town admin approves all three in March: the deeds keep the days they were proposed on
        clock.set(at("2028-03-02T10:00:00+08:00"));
        for (String award : List.of(sunday, monday, leapDay)) {
            PointsTown.as(t.townAdmin, "town-admin").body(Map.of("reason", "已核实")).post("/api/awards/" + award
                    + "/approve").then().statusCode(200);
        }
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.complete(task("2028-03-10T18:00:00+08:00", member), OffsetDateTime.parse("2028-02-29T23:59:59+08:00"),
                    t.townAdmin);
            feed.complete(task("2028-03-10T18:00:00+08:00", member), OffsetDateTime.parse("2028-03-01T00:00:00+08:00"),
                    t.townAdmin);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> t.count("SELECT count(*) FROM ledger_entry"
                + " WHERE person_id = ?1 AND source_key LIKE 'task%'", person) == 2);
        assertEquals(List.of("TASK_ON_TIME", "TRAINING_ATTENDED", "TRAINING_ATTENDED"), rules(person, "2028-02"));
        summary(person, "2028-02", 2 + 2 + 5);
        summary(person, "2028-03", 5);
        leaderboard("2028-02", person, 9);
        PointsTown.as(t.townAdmin, "town-admin").get("/api/members/" + person + "/ledger?size=50&period=2028-02")
                .then().body("items.findAll { it.rule == 'TRAINING_ATTENDED' }.occurredOn",
                        org.hamcrest.Matchers.containsInAnyOrder("2028-02-27", "2028-02-28"))
                .body("items.findAll { it.occurredOn == '2028-02-29' }.rule", contains("TASK_ON_TIME"));
        PointsTown.as(t.townAdmin, "town-admin").get("/api/members/" + person + "/ledger?size=50&period=2028-01")
                .then().body("items", empty());
    }

    private String propose(String member, String when) {
        clock.set(at(when));
        return PointsTown.as(member, "party-member").body(Map.of("personId", PointsTown.person(member),
                        "ruleCode", "TRAINING_ATTENDED", "evidence", "参加镇党委理论学习培训"))
                .post("/api/awards").then().statusCode(200).extract().path("id");
    }

    private TaskFeed.Task task(String due, String assignee) {
        return new TaskFeed.Task(UUID.randomUUID(), t.grid1, "LIVELIHOOD", OffsetDateTime.parse(due), assignee);
    }

    private List<String> rules(UUID person, String period) {
        return PointsTown.as(t.townAdmin, "town-admin").get("/api/members/" + person + "/ledger?size=50&period="
                + period).then().statusCode(200).extract().<List<String>>path("items.rule").stream().sorted()
                .toList();
    }

    private void summary(UUID person, String period, int points) {
        PointsTown.as(t.townAdmin, "town-admin").get("/api/members/" + person + "/summary?period=" + period).then()
                .statusCode(200).body("points", equalTo(points));
    }

    private void leaderboard(String period, UUID person, int points) {
        PointsTown.as(t.townAdmin, "town-admin").get("/api/leaderboards/members?nodeId=" + t.majia.id()
                        + "&period=" + period).then().statusCode(200)
                .body("find { it.personId == '" + person + "' }.points", equalTo(points));
    }

    private static Instant at(String time) {
        return OffsetDateTime.parse(time).toInstant();
    }
}
