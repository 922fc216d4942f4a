package io.wangge.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.OffsetDateTime;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseTest {

    private static final OffsetDateTime REPORTED = OffsetDateTime.parse("2026-11-24T08:00:00+08:00");

    private TaskTown town;

    @Inject
    TestClock clock;

    @BeforeEach
    void setUp() {
        clock.set(REPORTED.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String report(String description) {
        return town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                        "SAFETY_PRODUCTION", "description", description, "locationText", "马家村一组村口"))
                .post("/api/cases").then().statusCode(201).body("status", equalTo("REPORTED")).extract().path("id");
    }

    @Test
    void theWholeFlowFromReportToClosure() {
        String id = report("村口变压器箱门损坏，存在触电隐患");
        town.majiaCadre().post("/api/cases/" + id + "/register").then().statusCode(200)
                .body("status", equalTo("REGISTERED"));
        town.majiaCadre().body(Map.of("note", "镇供电所")).post("/api/cases/" + id + "/dispatch").then()
                .statusCode(200).body("handler", equalTo("镇供电所"));
        town.majiaWorker().body(Map.of("note", "已更换箱门并加锁")).post("/api/cases/" + id + "/handle").then()
                .statusCode(200).body("status", equalTo("HANDLED"));
        town.majiaWorker().post("/api/cases/" + id + "/verify").then().statusCode(403);
        town.majiaCadre().post("/api/cases/" + id + "/verify").then().statusCode(200);
        clock.set(REPORTED.plusHours(20).toInstant());
        town.majiaCadre().post("/api/cases/" + id + "/close").then().statusCode(200)
                .body("status", equalTo("CLOSED"));
        town.majiaWorker().get("/api/cases/" + id + "/history").then()
                .body("action", contains("REPORT", "REGISTER", "DISPATCH", "HANDLE", "VERIFY", "CLOSE"));
        try (EventTap tap = EventTap.on("wangge.task")) {
            var events = tap.await(EventTap.keyed(id), 6);
            assertEquals(java.util.List.of("wangge.case.reported.v1", "wangge.case.registered.v1",
                    "wangge.case.dispatched.v1", "wangge.case.handled.v1", "wangge.case.verified.v1",
                    "wangge.case.closed.v1"), events.stream().map(r -> EventTap.header(r, "ce_type")).toList());
            events.forEach(ContractAssertions::assertConforms);
            JsonNode closed = ContractAssertions.assertConforms(events.get(5));
            assertEquals(true, closed.path("onTime").asBoolean(), "closed within the 24 h limit of 安全生产");
        }
    }

    @Test
    void supervisionFlagsFollowTheCategoryTimeLimit() {
        String id = report("废弃厂房堆放易燃物");
        town.majiaCadre().get("/api/cases/" + id).then().body("supervision", equalTo("GREEN"))
                .body("deadlineAt", equalTo("2026-11-25T08:00:00+08:00"));
        clock.set(REPORTED.plusHours(19).toInstant());
        town.majiaCadre().get("/api/cases/" + id).then().body("supervision", equalTo("YELLOW"));
        clock.set(REPORTED.plusHours(25).toInstant());
        town.majiaCadre().get("/api/cases/" + id).then().body("supervision", equalTo("RED"));
    }

    @Test
    void sideStatesNeedReasonsAndEscalationGoesUp() {
        String id = report("邻里宅基地纠纷");
        town.majiaCadre().post("/api/cases/" + id + "/reject").then().statusCode(400)
                .body("errors.field", hasItem("reason"));
        town.majiaWorker().body(Map.of("note", "涉及两个村民小组，需村委调解")).post("/api/cases/" + id + "/escalate")
                .then().statusCode(200).body("status", equalTo("ESCALATED"))
                .body("nodeName", equalTo("马家村"));
        town.majiaCadre().post("/api/cases/" + id + "/close").then().statusCode(409)
                .body("current.status", equalTo("ESCALATED"));
        town.majiaCadre().post("/api/cases/" + id + "/register").then().statusCode(200);

        String other = report("咨询医保缴费");
        town.majiaCadre().body(Map.of("note", "属县医保局业务，已告知办理渠道")).post("/api/cases/" + other + "/reject")
                .then().statusCode(200).body("status", equalTo("NOT_RESPONSIBLE"));
    }

    @Test
    void casesStayInTheirPlaceAndReadThroughOpen311() {
        String id = report("路灯不亮");
        town.xuejiaWorker().get("/api/cases/" + id).then().statusCode(404);
        town.xuejiaWorker().get("/api/cases?size=200").then().body("items.id", not(hasItem(id)));
        town.xuejiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode", "LIVELIHOOD",
                "description", "越界上报")).post("/api/cases").then().statusCode(403);

        town.majiaCadre().get("/open311/v2/services.json").then().statusCode(200)
                .body("service_code", hasItem("SAFETY_PRODUCTION"))
                .body("find { it.service_code == 'LIVELIHOOD' }.service_name", equalTo("民生实事"));
        town.majiaCadre().get("/open311/v2/requests/" + id + ".json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id))
                .body("[0].status", equalTo("open"))
                .body("[0].service_code", equalTo("SAFETY_PRODUCTION"))
                .body("[0].requested_datetime", equalTo("2026-11-24T08:00:00+08:00"))
                .body("[0].address", equalTo("马家村一组村口"));
        town.majiaCadre().get("/open311/v2/requests.json?status=open").then().statusCode(200)
                .body("service_request_id", hasItem(id));
        town.majiaCadre().get("/open311/v2/requests.json?status=closed").then()
                .body("service_request_id", not(hasItem(id)));
        town.majiaCadre().get("/open311/v2/requests.json?status=pending").then().statusCode(400);
        town.xuejiaWorker().get("/open311/v2/requests/" + id + ".json").then().statusCode(404);
    }
}
