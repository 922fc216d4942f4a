package io.wangge.grid;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The tree holds several counties: a county admin's place is the county of their COUNTY_CADRE post, and another
 * county is as foreign to them as another village is to a grid worker. Only the province admin founds counties and
 * appoints county cadres.
 */
@QuarkusTest
class CountyScopeTest {

    @Test
    void aCountyAdminActsInTheirOwnCountyOnly() {
        Town here = new Town();
        Town there = new Town();
        Api countyAdmin = countyAdminOf(here);
        countyAdmin.get("/api/me").then().statusCode(200).body("assignments[0].nodeName", equalTo("武功县"));
        countyAdmin.get("/api/grids/" + here.xuejia1).then().statusCode(200);
        countyAdmin.get("/api/grids/" + there.county).then().statusCode(404);
        countyAdmin.get("/api/grids/" + there.majia1).then().statusCode(404);
        countyAdmin.get("/api/branches/" + there.majiaBranch).then().statusCode(404);
        countyAdmin.get("/api/people/" + there.personOf.get("majia-worker-" + there.countyCode)).then()
                .statusCode(404);
        countyAdmin.get("/api/people?size=200&q=马小明").then().statusCode(200)
                .body("items.id", hasItem(here.personOf.get("majia-worker-" + here.countyCode)))
                .body("items.id", not(hasItem(there.personOf.get("majia-worker-" + there.countyCode))));
        // changes outside: refused; inside: allowed
        countyAdmin.post("/api/grids", Map.of("code", there.code("104203"), "name", "越界村", "level", "VILLAGE",
                "parentId", there.town)).then().statusCode(404);
        countyAdmin.post("/api/grids", Map.of("code", here.code("104203"), "name", "新建村", "level", "VILLAGE",
                "parentId", here.town)).then().statusCode(201);
        countyAdmin.post("/api/assignments", Map.of("personId", here.personOf.get("majia-worker-" + here.countyCode),
                "nodeId", there.majia1, "role", "AUXILIARY_GRID_WORKER", "primary", false)).then().statusCode(404);
    }

    @Test
    void onlyTheProvinceFoundsCountiesAndAppointsTheirCadres() {
        Town here = new Town();
        Api countyAdmin = countyAdminOf(here);
        String code = String.valueOf(640000 + (int) (System.nanoTime() % 9000));
        countyAdmin.post("/api/grids", Map.of("code", code, "name", "另一县", "level", "COUNTY")).then()
                .statusCode(403);
        String person = Api.PROVINCE_ADMIN.create("/api/people", Map.of("name", "赵县干"));
        // a county admin does not appoint the county's cadres (their own level), nor does a town admin
        countyAdmin.post("/api/assignments", Map.of("personId", person, "nodeId", here.county,
                "role", "COUNTY_CADRE", "primary", false)).then().statusCode(403);
        here.townAdmin.post("/api/assignments", Map.of("personId", person, "nodeId", here.county,
                "role", "COUNTY_CADRE", "primary", false)).then().statusCode(404);
        // a county cadre is posted at a county, not below it
        Api.PROVINCE_ADMIN.post("/api/assignments", Map.of("personId", person, "nodeId", here.town,
                "role", "COUNTY_CADRE", "primary", false)).then().statusCode(403);
        Api.PROVINCE_ADMIN.post("/api/assignments", Map.of("personId", person, "nodeId", here.county,
                "role", "COUNTY_CADRE", "primary", false)).then().statusCode(201);
    }

    @Test
    void endingAPostTakesWhatAppointingTakesAndNobodyEndsTheirOwn() {
        Town town = new Town();
        Api countyAdmin = countyAdminOf(town);
        String secretary = Api.PROVINCE_ADMIN.create("/api/people", Map.of("name", "马支书"));
        String post = Api.PROVINCE_ADMIN.create("/api/assignments", Map.of("personId", secretary, "nodeId",
                town.majia, "role", "BRANCH_SECRETARY", "primary", true));
        // the village's cadre does not remove the branch's secretary; the town does
        town.majiaCadre.post("/api/assignments/" + post + "/end", Map.of()).then().statusCode(403);
        town.townAdmin.post("/api/assignments/" + post + "/end", Map.of()).then().statusCode(200);
        // a county admin neither ends a county cadre's post (the province's to end) nor their own
        String other = Api.PROVINCE_ADMIN.create("/api/people", Map.of("name", "孙县干"));
        String otherPost = Api.PROVINCE_ADMIN.create("/api/assignments", Map.of("personId", other, "nodeId",
                town.county, "role", "COUNTY_CADRE", "primary", false));
        countyAdmin.post("/api/assignments/" + otherPost + "/end", Map.of()).then().statusCode(403);
        String ownPost = countyAdmin.get("/api/me").path("assignments[0].id");
        countyAdmin.post("/api/assignments/" + ownPost + "/end", Map.of()).then().statusCode(403);
        Api.PROVINCE_ADMIN.post("/api/assignments/" + otherPost + "/end", Map.of()).then().statusCode(200);
    }

    @Test
    void aMemberWithoutAPostBelongsToTheirBranchesPlace() {
        Town here = new Town();
        Town there = new Town();
        String member = here.townAdmin.create("/api/people", Map.of("name", "马党员", "phone", "13900001111",
                "partyMember", true, "partyBranchId", here.majiaBranch));
        here.townAdmin.get("/api/people/" + member).then().statusCode(200).body("phone", equalTo("13900001111"));
        // another town's admin neither sees nor edits them, though they hold no post anywhere
        there.townAdmin.get("/api/people/" + member).then().statusCode(404);
        there.townAdmin.get("/api/people?size=200&q=马党员").then().statusCode(200)
                .body("items.id", not(hasItem(member)));
        countyAdminOf(there).get("/api/people/" + member).then().statusCode(404);
    }

    /** A county admin of the town's county, appointed by the province admin. */
    private static Api countyAdminOf(Town town) {
        String account = "county-admin-" + UUID.randomUUID();
        String person = Api.PROVINCE_ADMIN.create("/api/people", Map.of("name", "刘志强", "accountId", account));
        Api.PROVINCE_ADMIN.post("/api/assignments", Map.of("personId", person, "nodeId", town.county,
                "role", "COUNTY_CADRE", "primary", false)).then().statusCode(201);
        return new Api(account, "county-admin");
    }
}
