package io.wangge.grid;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeopleAndStaffTest {

    private Town town;
    private final Api admin = Api.PROVINCE_ADMIN;

    @BeforeEach
    void buildTown() {
        if (town == null) {
            town = new Town();
        }
    }

    @Test
    void peopleAreCreatedValidatedAndPublishedWithMaskedPhones() {
        String id = admin.create("/api/people", Map.of("name", "李桂兰", "phone", "13800138000",
                "partyMember", true, "partyBranchId", town.majiaBranch));
        admin.get("/api/people/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .body("phone", equalTo("13800138000"))
                .body("partyBranchId", equalTo(town.majiaBranch))
                .body("partyBranch", equalTo("马家村党支部"));
        try (EventTap tap = EventTap.on("wangge.grid")) {
            JsonNode data = ContractAssertions.assertConforms(tap.await(EventTap.keyed(id), 1).get(0));
            assertEquals("138****8000", data.path("phoneMasked").asText());
            assertEquals(town.majiaBranch, data.path("partyBranchId").asText());
            assertEquals(town.majia, data.path("partyBranchNodeId").asText(), "the branch's place travels with it");
            assertEquals(false, data.has("phone"), "the full number never leaves grid-service");
        }
        admin.post("/api/people", Map.of("name", "", "phone", "12345")).then().statusCode(400)
                .body("errors.field", hasItems("name", "phone"));
        admin.put("/api/people/" + id, Map.of("name", "李桂兰", "partyMember", false), "\"0\"").then()
                .statusCode(200).body("partyBranch", nullValue()).header("ETag", equalTo("\"1\""));
    }

    @Test
    void theProvinceAdminListsEveryoneWithoutFilters() {
        admin.get("/api/people?size=5").then().statusCode(200).body("items.size()", equalTo(5));
        admin.get("/api/people?q=马小明&size=200").then().statusCode(200).body("items.name", hasItem("马小明"));
    }

    @Test
    void accountsLinkToOnePersonOnly() {
        admin.post("/api/people", Map.of("name", "张三", "accountId", "zhang.san." + town.countyCode))
                .then().statusCode(201);
        admin.post("/api/people", Map.of("name", "张三丰", "accountId", "zhang.san." + town.countyCode))
                .then().statusCode(409);
    }

    @Test
    void onePrimaryPerNodeAndRole() {
        String person = admin.create("/api/people", Map.of("name", "马志强"));
        admin.post("/api/assignments", assign(person, town.majia1, "COMPREHENSIVE_GRID_WORKER", true))
                .then().statusCode(409).body("detail", containsString("马小明"));
        admin.post("/api/assignments", assign(person, town.majia1, "COMPREHENSIVE_GRID_WORKER", false))
                .then().statusCode(201).body("primary", equalTo(false));
        admin.post("/api/assignments", assign(person, town.majia1, "COMPREHENSIVE_GRID_WORKER", false))
                .then().statusCode(409);
        admin.post("/api/assignments", assign(person, town.majia1, "PARTY_BUILDING_GRID_WORKER", true))
                .then().statusCode(201);
    }

    @Test
    void endedAssignmentsStayInTheHistory() {
        String person = admin.create("/api/people", Map.of("name", "薛红梅", "accountId", "xue.hm." + town.countyCode));
        Map<String, Object> body = assign(person, town.xuejia1, "AUXILIARY_GRID_WORKER", true);
        body.put("validFrom", "2026-01-01");
        String assignment = admin.create("/api/assignments", body);
        admin.post("/api/assignments/" + assignment + "/end", Map.of("validTo", "2025-12-31")).then()
                .statusCode(400).body("errors.field", hasItem("validTo"));
        admin.post("/api/assignments/" + assignment + "/end", Map.of("validTo", "2026-06-30")).then()
                .statusCode(200).body("status", equalTo("ENDED")).body("validTo", equalTo("2026-06-30"));
        admin.post("/api/assignments/" + assignment + "/end", Map.of()).then().statusCode(409);

        admin.get("/api/grids/" + town.xuejia1 + "/assignments").then().body("id", not(hasItem(assignment)));
        admin.get("/api/grids/" + town.xuejia1 + "/assignments?includeEnded=true").then()
                .body("id", hasItem(assignment));
        admin.get("/api/people/" + person + "/assignments").then().body("status", contains("ENDED"));
        try (EventTap tap = EventTap.on("wangge.grid")) {
            JsonNode ended = ContractAssertions.assertConforms(tap.await(EventTap.keyed(assignment), 2).get(1));
            assertEquals("ENDED", ended.path("status").asText());
            assertEquals("xue.hm." + town.countyCode, ended.path("accountId").asText());
        }
    }

    @Test
    void whoIsResponsibleHereLooksUpTheTree() {
        admin.get("/api/grids/" + town.majia1 + "/responsible").then().statusCode(200)
                .body("personName", hasItems("马小明", "马秀英", "王建国"))
                .body("[0].nodeName", equalTo("马家村第一微网格"))
                .body("find { it.role == 'VILLAGE_CADRE' }.nodeName", equalTo("马家村"));
    }

    @Test
    void villageCadresManageStaffInTheirVillageOnly() {
        String person = admin.create("/api/people", Map.of("name", "马春生"));
        // a newcomer is placed by the town; the village cadre only sees (and assigns) people placed in the village
        town.majiaCadre.post("/api/assignments", assign(person, town.majia2, "COMPREHENSIVE_GRID_WORKER", true))
                .then().statusCode(400).body("errors.field", hasItem("personId"));
        admin.post("/api/assignments", assign(person, town.majia1, "AUXILIARY_GRID_WORKER", false))
                .then().statusCode(201);
        town.majiaCadre.post("/api/assignments", assign(person, town.majia2, "COMPREHENSIVE_GRID_WORKER", true))
                .then().statusCode(201);
        town.majiaCadre.post("/api/assignments", assign(person, town.xuejia1, "AUXILIARY_GRID_WORKER", false))
                .then().statusCode(404);
        town.majiaCadre.post("/api/assignments", assign(person, town.majia, "TOWN_CADRE", false))
                .then().statusCode(403);
        town.majiaWorker.post("/api/assignments", assign(person, town.majia1, "AUXILIARY_GRID_WORKER", false))
                .then().statusCode(403);
        town.majiaCadre.post("/api/people", Map.of("name", "村干部不能建人员")).then().statusCode(403);
    }

    @Test
    void workersSeeColleaguesWithMaskedPhonesAndNotOtherVillages() {
        String colleague = town.personOf.get(town.majiaCadre.accountId());
        town.majiaWorker.get("/api/people/" + colleague).then().statusCode(404);
        String self = town.personOf.get(town.majiaWorker.accountId());
        town.majiaWorker.get("/api/people/" + self).then().statusCode(200).body("phone", equalTo("13912345678"));
        town.majiaCadre.get("/api/people/" + self).then().statusCode(200).body("phone", equalTo("13912345678"));
        String other = town.personOf.get(town.xuejiaWorker.accountId());
        town.majiaCadre.get("/api/people/" + other).then().statusCode(404);
        town.townAdmin.get("/api/people/" + other).then().statusCode(200);
        town.majiaCadre.get("/api/people?size=200").then()
                .body("items.id", hasItems(self, colleague)).body("items.id", not(hasItem(other)));

        String worker2 = admin.create("/api/people", Map.of("name", "马二", "phone", "13700001111"));
        admin.post("/api/assignments", assign(worker2, town.majia1, "AUXILIARY_GRID_WORKER", true))
                .then().statusCode(201);
        town.majiaWorker.get("/api/people/" + worker2).then().statusCode(200)
                .body("phone", equalTo("137****1111"));
    }

    @Test
    void meShowsTheCallersPersonRolesAndPlaces() {
        town.majiaWorker.get("/api/me").then().statusCode(200)
                .body("accountId", equalTo(town.majiaWorker.accountId()))
                .body("roles", contains("grid-worker"))
                .body("person.name", equalTo("马小明"))
                .body("assignments.nodeName", contains("马家村第一微网格"));
        new Api("nobody-" + town.countyCode, "party-member").get("/api/me").then().statusCode(200)
                .body("person", nullValue()).body("assignments.size()", equalTo(0));
    }

    @Test
    void onlyAnActivePersonUnderTheirCurrentLoginHasAPlace() {
        String before = "gao.ming." + town.countyCode;
        String after = "gao.ming.new." + town.countyCode;
        String person = admin.create("/api/people", Map.of("name", "高明", "accountId", before));
        String post = admin.create("/api/assignments", assign(person, town.majia1, "AUXILIARY_GRID_WORKER", false));
        new Api(before, "grid-worker").get("/api/grids/" + town.majia1).then().statusCode(200);

        // a new login: the old one has no place any more, here or in any read model
        admin.put("/api/people/" + person, Map.of("name", "高明", "accountId", after), "\"0\"").then()
                .statusCode(200);
        new Api(before, "grid-worker").get("/api/grids/" + town.majia1).then().statusCode(404);
        new Api(after, "grid-worker").get("/api/grids/" + town.majia1).then().statusCode(200);
        try (EventTap tap = EventTap.on("wangge.grid")) {
            JsonNode republished = ContractAssertions.assertConforms(tap.await(EventTap.keyed(post), 2).get(1));
            assertEquals(after, republished.path("accountId").asText());
            assertEquals("ACTIVE", republished.path("status").asText());
        }

        // leaving: every post ends, so no service gives the person a place
        admin.put("/api/people/" + person, Map.of("name", "高明", "accountId", after, "status", "INACTIVE"),
                "\"1\"").then().statusCode(200).body("status", equalTo("INACTIVE"));
        new Api(after, "grid-worker").get("/api/grids/" + town.majia1).then().statusCode(404);
        admin.get("/api/people/" + person + "/assignments").then().body("status", contains("ENDED"));
        try (EventTap tap = EventTap.on("wangge.grid")) {
            List<ConsumerRecord<String, String>> events = tap.await(EventTap.keyed(post), 3);
            assertEquals("wangge.assignment.ended.v1", EventTap.header(events.get(2), "ce_type"));
        }
    }

    @Test
    void aVillageCadreAppointsOnlyBelowTheBranchAndNeverThemself() {
        String cadre = town.personOf.get(town.majiaCadre.accountId());
        String stranger = town.personOf.get(town.xuejiaWorker.accountId());
        String newcomer = admin.create("/api/people", Map.of("name", "马新来"));
        admin.post("/api/assignments", assign(newcomer, town.majia1, "AUXILIARY_GRID_WORKER", false))
                .then().statusCode(201);
        town.majiaCadre.post("/api/assignments", assign(newcomer, town.majia, "BRANCH_SECRETARY", false))
                .then().statusCode(403).body("detail", containsString("branch secretaries"));
        town.majiaCadre.post("/api/assignments", assign(cadre, town.majia1, "PARTY_BUILDING_GRID_WORKER", false))
                .then().statusCode(403).body("detail", containsString("their own"));
        // a person placed only in another village is not the cadre's to see, nor to assign
        town.majiaCadre.post("/api/assignments", assign(stranger, town.majia1, "PARTY_BUILDING_GRID_WORKER", false))
                .then().statusCode(400).body("errors.field", hasItem("personId"));
        town.majiaCadre.post("/api/assignments", assign(newcomer, town.majia1, "PARTY_BUILDING_GRID_WORKER", false))
                .then().statusCode(201);
        town.townAdmin.post("/api/assignments", assign(newcomer, town.majia, "BRANCH_SECRETARY", false))
                .then().statusCode(201);
    }

    private static Map<String, Object> assign(String person, String node, String role, boolean primary) {
        Map<String, Object> body = new HashMap<>();
        body.put("personId", person);
        body.put("nodeId", node);
        body.put("role", role);
        body.put("primary", primary);
        return body;
    }
}
