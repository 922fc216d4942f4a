package io.wangge.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Red items (督办红牌) count in the ranking of the place and period they turned red in, once each. */
@QuarkusTest
class RedItemsRankingTest {

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void eachRedItemCostsItsPlaceInTheWeekAndMonthItTurnedRedAndMovesWithItsGrid() {
        clock.set(OffsetDateTime.parse("2026-12-02T10:00:00+08:00").toInstant());
        ReportTown town = new ReportTown(entityManager, clock);
        OffsetDateTime due = OffsetDateTime.parse("2026-11-24T18:00:00+08:00");
        UUID item = UUID.randomUUID();
        TaskFeed.Task a = new TaskFeed.Task(item, town.majia1, "AIR_POLLUTION", due, town.majia1Worker);
        TaskFeed.Task b = new TaskFeed.Task(item, town.majia1, "AIR_POLLUTION", due, town.majia1Worker);
        TaskFeed.Task c = new TaskFeed.Task(item, town.majia2, "AIR_POLLUTION", due, town.majia2Worker);
        TaskFeed.Task d = new TaskFeed.Task(item, town.xuejia1, "AIR_POLLUTION", due, town.xuejia1Worker);
        UUID redTwice = UUID.randomUUID();
        try (TaskFeed feed = new TaskFeed(clock)) {
            // 16:30 UTC on 30 November is half past midnight on 1 December in Shanghai: week 49 and December
            feed.turnedRed(UUID.randomUUID(), a, OffsetDateTime.parse("2026-11-30T16:30:00Z"));
            feed.turnedRed(redTwice, b, OffsetDateTime.parse("2026-11-25T10:00:00+08:00"));
            feed.turnedRed(redTwice, b, OffsetDateTime.parse("2026-11-25T10:00:00+08:00")); // the same red, again
            feed.turnedRed(UUID.randomUUID(), c, OffsetDateTime.parse("2026-11-25T12:00:00+08:00"));
            feed.turnedRed(UUID.randomUUID(), d, OffsetDateTime.parse("2026-11-26T09:00:00+08:00"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reds("2026-W48", town.town.id()) == 3
                && reds("2026-W49", town.town.id()) == 1);

        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rankings?nodeId=" + town.town.id() + "&period=2026-W48").then().statusCode(200)
                .body("formula", containsString("督办红牌"))
                .body("weights.red", equalTo(0.05f))
                .body("entries.find { it.name == '马家村' }.redItems", equalTo(2))
                .body("entries.find { it.name == '马家村' }.score", equalTo(-0.1f))
                .body("entries.find { it.name == '薛家村' }.redItems", equalTo(1))
                .body("entries[0].name", equalTo("薛家村"));
        ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/rankings?nodeId=" + town.majia.id() + "&period=2026-W48").then().statusCode(200)
                .body("entries.find { it.name == '马家村第一微网格' }.redItems", equalTo(1))
                .body("entries.find { it.name == '马家村第二微网格' }.redItems", equalTo(1));
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rankings?nodeId=" + town.town.id() + "&period=2026-11").then()
                .body("entries.find { it.name == '马家村' }.redItems", equalTo(2));
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rankings?nodeId=" + town.town.id() + "&period=2026-12").then()
                .body("entries.find { it.name == '马家村' }.redItems", equalTo(1))
                .body("entries.find { it.name == '薛家村' }.redItems", equalTo(0));

        // 马家村's second micro-grid moves to 薛家村: its red item goes along
        GridFeed.Node moved = new GridFeed.Node(town.majia2.id(), town.majia2.code(), town.majia2.name(),
                "MICRO_GRID", town.xuejia, town.xuejia.path() + town.majia2.id() + "/", 4);
        try (GridFeed feed = new GridFeed(clock)) {
            feed.moved(moved, town.majia2, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reds("2026-W48", town.xuejia.id()) == 2);
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rankings?nodeId=" + town.town.id() + "&period=2026-W48").then()
                .body("entries.find { it.name == '马家村' }.redItems", equalTo(1))
                .body("entries.find { it.name == '薛家村' }.redItems", equalTo(2));
        await().until(() -> reds("2026-W48", town.town.id()) == 3);
    }

    private long reds(String period, UUID node) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT COALESCE(SUM(reds), 0) FROM red_counter WHERE period_id = ?1 AND node_id = ?2")
                .setParameter(1, period).setParameter(2, node).getSingleResult()).longValue());
    }
}
