package io.wangge.task;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class CategoryResourceTest {

    private static final String WORKER = Tokens.bearer("grid-worker-cat", "grid-worker");
    private static final String TOWN_ADMIN = Tokens.bearer("town-admin-cat", "town-admin");
    private static final String COUNTY_ADMIN = Tokens.bearer("county-admin-cat", "county-admin");
    private static final String ADMIN = Tokens.bearer("province-admin-cat", "province-admin", "county-admin");

    @Test
    void catalogueIsSeededWithTheTownsKeyWork() {
        given().header("Authorization", WORKER).get("/api/categories").then().statusCode(200)
                .body("code", hasItems("SAFETY_PRODUCTION", "SAFE_COMMUNITY", "LIVING_ENVIRONMENT",
                        "AIR_POLLUTION", "EPIDEMIC_PREVENTION", "RURAL_REVITALIZATION", "LIVELIHOOD"))
                .body("find { it.code == 'AIR_POLLUTION' }.name", equalTo("大气污染防治"));
    }

    @Test
    void adminsAddCategoriesAndWorkersMayNot() {
        String body = "{\"code\": \"FLOOD_CONTROL\", \"name\": \"防汛减灾\", \"caseTimeLimitHours\": 12}";
        given().header("Authorization", WORKER).contentType(ContentType.JSON).body(body)
                .post("/api/categories").then().statusCode(403);
        // one town's admin does not change the catalogue every town of the county works from
        given().header("Authorization", TOWN_ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/categories").then().statusCode(403);
        // nor one county's admin the catalogue every county of the deployment works from
        given().header("Authorization", COUNTY_ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/categories").then().statusCode(403);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/categories").then().statusCode(201).body("name", equalTo("防汛减灾"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/categories").then().statusCode(409);
        given().header("Authorization", WORKER).get("/api/categories").then()
                .body("code", hasItem("FLOOD_CONTROL"));
    }

    @Test
    void badCategoryNamesEachField() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"lower\", \"name\": \"\", \"caseTimeLimitHours\": 0}")
                .post("/api/categories").then().statusCode(400)
                .body("errors.field", hasItems("code", "name", "caseTimeLimitHours"));
    }
}
