package io.wangge.points;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ServiceBootChecks;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.Map;

@QuarkusTest
class ServiceBootTest extends ServiceBootChecks {

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @Override
    protected String protectedPath() {
        return "/api/rules";
    }

    /** One town's party member: an award waiting, an approved one's ledger entry, and an appeal against it. */
    @Override
    protected Map<String, String> recordsOfOnePlace() {
        PointsTown town = new PointsTown(entityManager, clock);
        String person = PointsTown.person(town.worker1).toString();
        String pending = propose(town, "帮助独居老人代办医保续缴");
        String approved = propose(town, "协助调解邻里纠纷");
        PointsTown.as(town.secretary, "village-cadre").post("/api/awards/" + approved + "/approve").then()
                .statusCode(200);
        String entry = PointsTown.as(town.worker1, "party-member").get("/api/members/" + person
                        + "/ledger?period=2026-11&size=200").then().statusCode(200)
                .extract().path("items.find { it.source == 'award:" + approved + "' }.id");
        String appeal = PointsTown.as(town.worker1, "party-member").body(Map.of("entryId", entry, "reason",
                "分值偏低")).post("/api/appeals").then().statusCode(200).extract().path("id");
        return Map.of("/api/awards/{id}", pending, "/api/awards/{id}/approve", pending,
                "/api/awards/{id}/reject", pending, "/api/ledger/{entryId}/reverse", entry,
                "/api/appeals/{id}", appeal, "/api/appeals/{id}/reject", appeal, "/api/appeals/{id}/uphold", appeal,
                "/api/members/{personId}/ledger", person, "/api/members/{personId}/summary", person);
    }

    @Override
    protected Map<String, String> requiredQueryValues() {
        return Map.of("period", "2026-11");
    }

    @Override
    protected Map<String, String> notBoundToAPlace() {
        return Map.of("/api/rules/{code}/versions", "the rules are the whole deployment's catalogue, changed only by"
                + " the province admin");
    }

    /** The town admin of another county's town, holding every staff role. */
    @Override
    protected String outsider() {
        PointsTown elsewhere = new PointsTown(entityManager, clock);
        return Tokens.everyStaffRole(elsewhere.townAdmin);
    }

    private static String propose(PointsTown town, String deed) {
        return PointsTown.as(town.worker1, "party-member").body(Map.of("personId", PointsTown.person(town.worker1),
                        "ruleCode", "PRACTICAL_THINGS", "points", 5, "evidence", deed)).post("/api/awards").then()
                .statusCode(200).extract().path("id");
    }
}
