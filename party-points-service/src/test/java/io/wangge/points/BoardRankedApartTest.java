package io.wangge.points;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A board slow to rank (here every board: the threshold is zero) is not waited for: after a change its readers get
 * the board held until one ranking apart has brought it up to date.
 */
@QuarkusTest
@TestProfile(BoardRankedApartTest.EveryBoardIsSlow.class)
class BoardRankedApartTest {

    public static class EveryBoardIsSlow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wangge.boards.rank-apart-after", "0s");
        }
    }

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @Test
    void aSlowBoardIsServedAsHeldWhileItIsRankedAgainApart() {
        clock.set(Instant.parse("2026-11-10T02:00:00Z"));
        try {
            PointsTown t = new PointsTown(entityManager, clock);
            String url = "/api/leaderboards/members?nodeId=" + t.majia.id() + "&period=2026-11";
            // the town's people and posts all applied, so that nothing but the change below moves the version
            await().atMost(Duration.ofSeconds(30)).until(() -> t.count("SELECT count(*) FROM assignment_view"
                    + " WHERE account_id LIKE ?1", "p-%-" + t.n) == 5 && t.count("SELECT count(*) FROM member"
                    + " WHERE account_id LIKE ?1", "p-%-" + t.n) == 4);
            // nothing held yet: ranked for its reader
            PointsTown.as(t.townAdmin, "town-admin").get(url).then().statusCode(200)
                    .body("name", hasItem("马小明"));

            String account = "p-apart-" + t.n;
            try (GridFeed feed = new GridFeed(clock)) {
                feed.person(account, "后来党员", true, t.branch, 0);
                feed.assign(t.grid1, account, "后来党员", "AUXILIARY_GRID_WORKER", false);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> t.count("SELECT count(*) FROM member m"
                    + " JOIN assignment_view a ON a.person_id = m.person_id WHERE m.account_id = ?1", account) == 1);
            // the version moved: the next reader gets the board held at once, without the newcomer ...
            List<String> held = PointsTown.as(t.townAdmin, "town-admin").get(url).then().statusCode(200)
                    .body("name", not(hasItem("后来党员"))).extract().path("name");
            // ... and a later one the board ranked apart
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> PointsTown.as(t.townAdmin, "town-admin")
                    .get(url).then().statusCode(200).body("name", hasItem("后来党员")));
            assertTrue(held.contains("马小明"), "the board held is the one ranked before");
        } finally {
            clock.reset();
        }
    }
}
