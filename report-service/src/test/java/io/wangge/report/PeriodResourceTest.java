package io.wangge.report;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class PeriodResourceTest {

    private static final String WORKER = Tokens.bearer("grid-worker-period", "grid-worker");

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void currentWeekFollowsShanghaiTime() {
        // Sunday 2026-11-29 23:30 in Shanghai is still week 48 there, though Monday has begun nowhere yet…
        clock.set(OffsetDateTime.parse("2026-11-29T23:30:00+08:00").toInstant());
        given().header("Authorization", WORKER).get("/api/periods/current").then().statusCode(200)
                .body("id", equalTo("2026-W48"))
                .body("startsOn", equalTo("2026-11-23"))
                .body("endsOn", equalTo("2026-11-29"))
                .body("deadlines.GRID", equalTo("2026-11-27T18:00:00+08:00"))
                .body("deadlines.VILLAGE", equalTo("2026-11-28T12:00:00+08:00"))
                .body("deadlines.TOWN", equalTo("2026-11-30T12:00:00+08:00"));

        // …and 16:30 UTC that Sunday is already Monday 00:30 in Shanghai: week 49.
        clock.set(OffsetDateTime.parse("2026-11-29T16:30:00Z").toInstant());
        given().header("Authorization", WORKER).get("/api/periods/current").then()
                .body("id", equalTo("2026-W49"));
    }

    @Test
    void monthsAndIsoWeeksAcrossTheYearEnd() {
        given().header("Authorization", WORKER).get("/api/periods/2026-W53").then().statusCode(200)
                .body("startsOn", equalTo("2026-12-28"))
                .body("endsOn", equalTo("2027-01-03"));
        given().header("Authorization", WORKER).get("/api/periods/2026-02").then().statusCode(200)
                .body("type", equalTo("MONTH"))
                .body("endsOn", equalTo("2026-02-28"));
    }

    @Test
    void malformedPeriodNamesTheParameter() {
        given().header("Authorization", WORKER).get("/api/periods/2025-W53").then().statusCode(400)
                .body("errors.field", hasItem("period"));
        given().header("Authorization", WORKER).get("/api/periods/第48周").then().statusCode(400);
        given().header("Authorization", WORKER).queryParam("type", "DECADE").get("/api/periods/current")
                .then().statusCode(400);
    }
}
