package io.wangge.points;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class RuleResourceTest {

    private static final String MEMBER = Tokens.bearer("party-member-rules", "party-member");

    @Test
    void seededRulesAreInForceAndExplained() {
        given().header("Authorization", MEMBER).queryParam("on", "2026-11-27").get("/api/rules")
                .then().statusCode(200)
                .body("code", hasItems("TASK_ON_TIME", "TASK_LATE", "TASK_OVERDUE", "REPORT_ON_TIME",
                        "HOUSEHOLD_VISIT", "VOLUNTEER_SERVICE", "TRAINING_ATTENDED", "PRACTICAL_THINGS", "MODEL_DEED",
                        "ACTIVITY_JOINED"))
                .body("find { it.code == 'TASK_OVERDUE' }.points", equalTo(-3))
                .body("find { it.code == 'HOUSEHOLD_VISIT' }.capPoints", equalTo(20))
                .body("find { it.code == 'PRACTICAL_THINGS' }.name", equalTo("我为群众办实事"));
        // from the release on, household visits earn from the visits recorded, under a new version of the rule
        given().header("Authorization", MEMBER).queryParam("on", "2026-11-27").get("/api/rules").then()
                .body("find { it.code == 'HOUSEHOLD_VISIT' }.eventType", equalTo("wangge.report.filed.v1"));
        given().header("Authorization", MEMBER).queryParam("on", "2026-12-03").get("/api/rules").then()
                .body("find { it.code == 'HOUSEHOLD_VISIT' }.eventType", equalTo("wangge.household.visited.v1"))
                .body("find { it.code == 'HOUSEHOLD_VISIT' }.version", equalTo(2))
                .body("find { it.code == 'HOUSEHOLD_VISIT' }.capPoints", equalTo(20));
    }

    @Test
    void noRuleBeforeTheFirstEffectiveDate() {
        given().header("Authorization", MEMBER).queryParam("on", "2025-12-31").get("/api/rules")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aNewVersionKeepsTheCapAndAmountsHaveBounds() {
        String admin = Tokens.bearer("province-admin-rules", "province-admin", "county-admin");
        // one town's admin does not change the rules every town of the county earns by, nor one county's admin
        // the rules of every county
        for (String notAbove : new String[] {Tokens.bearer("town-admin-rules", "town-admin"),
            Tokens.bearer("county-admin-rules", "county-admin")}) {
            given().header("Authorization", notAbove).contentType("application/json")
                    .body(java.util.Map.of("points", 9, "effectiveFrom", "2029-01-01"))
                    .post("/api/rules/HOUSEHOLD_VISIT/versions").then().statusCode(403);
        }
        given().header("Authorization", admin).contentType("application/json")
                .body(java.util.Map.of("points", 2, "effectiveFrom", "2029-01-01"))
                .post("/api/rules/HOUSEHOLD_VISIT/versions").then().statusCode(200)
                .body("points", equalTo(2)).body("capPeriod", equalTo("MONTH")).body("capPoints", equalTo(20));
        given().header("Authorization", admin).contentType("application/json")
                .body(java.util.Map.of("points", 100_000, "effectiveFrom", "2029-02-01"))
                .post("/api/rules/TASK_ON_TIME/versions").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("points"));
        given().header("Authorization", admin).contentType("application/json")
                .body(java.util.Map.of("capPoints", 5_000, "effectiveFrom", "2029-02-01"))
                .post("/api/rules/VOLUNTEER_SERVICE/versions").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("capPoints"));
    }

    @Test
    void malformedDateIsA400() {
        given().header("Authorization", MEMBER).queryParam("on", "去年").get("/api/rules").then().statusCode(400);
    }
}
