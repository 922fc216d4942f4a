package io.wangge.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Party branches are records with an id and a place: a name alone gives no power anywhere. */
@QuarkusTest
class PartyBranchTest {

    @Test
    void aBranchBelongsToOneNodeAndIsCreatedByThatPlacesAdmins() {
        Town town = new Town();
        // 薛家村 has no branch yet: its town admin founds one; a second at the same node is refused
        String xuejia = town.townAdmin.create("/api/branches", Map.of("nodeId", town.xuejia, "name", "薛家村党支部"));
        town.townAdmin.get("/api/branches/" + xuejia).then().statusCode(200)
                .body("nodeId", equalTo(town.xuejia)).body("nodeName", equalTo("薛家村")).header("ETag", "\"0\"");
        town.townAdmin.post("/api/branches", Map.of("nodeId", town.xuejia, "name", "薛家村第二党支部")).then()
                .statusCode(409);
        // a village cadre does not found branches, not even in its own village
        town.majiaCadre.post("/api/branches", Map.of("nodeId", town.majia2, "name", "马家村第二党支部")).then()
                .statusCode(403);
        town.townAdmin.post("/api/branches", Map.of("nodeId", town.majia2, "name", "")).then().statusCode(400);
        town.townAdmin.get("/api/branches?nodeId=" + town.town).then().statusCode(200)
                .body("name", containsInAnyOrder("长宁镇党委", "马家村党支部", "薛家村党支部"));
    }

    @Test
    void theSameNameInAnotherTownIsAnotherBranchThatOutsidersCannotUse() {
        Town here = new Town();
        Town there = new Town();
        assertNotEquals(here.majiaBranch, there.majiaBranch, "two 马家村党支部, two ids");
        // the other town's branch is not found, listed or usable from here
        here.townAdmin.get("/api/branches/" + there.majiaBranch).then().statusCode(404);
        here.townAdmin.get("/api/branches").then().statusCode(200).body("id", not(hasItem(there.majiaBranch)))
                .body("id", hasItem(here.majiaBranch));
        here.townAdmin.post("/api/people", Map.of("name", "马外来", "partyMember", true,
                        "partyBranchId", there.majiaBranch)).then().statusCode(400)
                .body("errors.field", hasItem("partyBranchId"));
        here.townAdmin.post("/api/branches", Map.of("nodeId", there.xuejia, "name", "薛家村党支部")).then()
                .statusCode(404);
        // people are filtered by branch id, not by name
        String member = here.townAdmin.create("/api/people", Map.of("name", "马本地", "partyMember", true,
                "partyBranchId", here.majiaBranch));
        Api.PROVINCE_ADMIN.get("/api/people?branchId=" + here.majiaBranch + "&size=200").then().statusCode(200)
                .body("items.id", hasItem(member));
        Api.PROVINCE_ADMIN.get("/api/people?branchId=" + there.majiaBranch + "&size=200").then().statusCode(200)
                .body("items.id", not(hasItem(member)));
    }

    @Test
    void aRenamedBranchRepublishesItsMembers() {
        Town town = new Town();
        String member = Api.PROVINCE_ADMIN.create("/api/people", Map.of("name", "马改名", "partyMember", true,
                "partyBranchId", town.majiaBranch));
        town.townAdmin.request().body(Map.of("name", "马家村第一党支部")).patch("/api/branches/" + town.majiaBranch)
                .then().statusCode(428);
        town.majiaCadre.patch("/api/branches/" + town.majiaBranch, Map.of("name", "马家村第一党支部"), "\"0\"").then()
                .statusCode(403);
        town.townAdmin.patch("/api/branches/" + town.majiaBranch, Map.of("name", "马家村第一党支部"), "\"0\"").then()
                .statusCode(200).body("name", equalTo("马家村第一党支部")).header("ETag", "\"1\"");
        Api.PROVINCE_ADMIN.get("/api/people/" + member).then().body("partyBranch", equalTo("马家村第一党支部"));
        try (EventTap tap = EventTap.on("wangge.grid")) {
            List<JsonNode> events = tap.await(EventTap.keyed(member), 2).stream()
                    .map(ContractAssertions::assertConforms).toList();
            assertEquals("马家村党支部", events.get(0).path("partyBranch").asText());
            assertEquals("马家村第一党支部", events.get(1).path("partyBranch").asText());
            assertEquals(town.majiaBranch, events.get(1).path("partyBranchId").asText());
        }
    }
}
