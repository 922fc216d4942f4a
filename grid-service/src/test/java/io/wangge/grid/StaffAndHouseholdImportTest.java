package io.wangge.grid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.wangge.platform.rest.Table;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff with their posts, and households, from the sheets a town office fills in: CSV in GBK or xlsx. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffAndHouseholdImportTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private Town town;
    private Town other;
    private String phone;

    @BeforeEach
    void buildTowns() {
        if (town == null) {
            town = new Town();
            other = new Town();
            phone = "136" + town.countyCode.substring(2) + "0001".substring(0, 4);
        }
    }

    @Test
    void aDryRunListsEveryRowsProblemAndWritesNothingThenTheSheetImportsOnceAndAgainWithoutChange() {
        String header = "姓名,手机,账号,党员,党支部,网格编码,岗位,主岗,任职日期\r\n";
        String good = "马建军," + phone + ",,是,马家村党支部," + town.code("104201") + ",村干部,否,2026/3/1\r\n"
                + "马建军," + phone + ",,是,马家村党支部," + town.code("104201001") + ",辅助网格员,否,2026-03-01\r\n";
        String bad = "薛红," + phone.substring(0, 10) + ",,否,," + town.code("104202") + ",村干部,否,\r\n"
                + "薛红,13700000000,,否,," + other.code("104201") + ",村干部,否,\r\n"
                + "薛红,13700000000,,否,," + town.code("104202") + ",看门员,否,\r\n"
                + "薛红,13700000000,,也许,不存在的支部," + town.code("104202") + ",村干部,否,明天\r\n"
                + "薛红,13700000000,,否,," + town.code("104201") + ",村干部,是,\r\n";
        // a blank line between them, as people leave one: rows keep the numbers the sheet shows
        byte[] gbk = (header + good + "\r\n" + bad).getBytes(Charset.forName("GBK"));

        Response dry = given().header("Authorization", townAdmin()).contentType("text/csv").body(gbk)
                .queryParam("dryRun", true).post("/api/people/import");
        dry.then().statusCode(200).body("dryRun", equalTo(true)).body("rows", equalTo(7))
                .body("problems.field", hasItems(
                        "row 5 (" + phone.substring(0, 10) + ")", "row 6 (13700000000)", "row 7 (13700000000)",
                        "row 8 (13700000000)", "row 9 (13700000000)"))
                .body("problems.message", hasItems(containsString("须为手机号"), containsString("不在您的辖区"),
                        containsString("看门员"), containsString("是/否"), containsString("a date"),
                        containsString("已有主要负责人")));
        Api.PROVINCE_ADMIN.get("/api/grids/" + town.majia + "/assignments").then()
                .body("personName", org.hamcrest.Matchers.not(hasItem("马建军")));

        // the same sheet for real: refused whole, every problem named
        given().header("Authorization", townAdmin()).contentType("text/csv").body(gbk).post("/api/people/import")
                .then().statusCode(400).body("errors", hasSize(dry.<Integer>path("problems.size()")));

        byte[] fixed = (header + good).getBytes(Charset.forName("GBK"));
        // a clean dry run, with and without an Idempotency-Key: the same answer, and nothing stays written
        for (String key : new String[] {null, "dry-" + town.countyCode}) {
            var request = given().header("Authorization", townAdmin()).contentType("text/csv").body(fixed)
                    .queryParam("dryRun", true);
            if (key != null) {
                request = request.header("Idempotency-Key", key);
            }
            request.post("/api/people/import").then().statusCode(200).body("dryRun", equalTo(true))
                    .body("created", equalTo(2)).body("problems", hasSize(0));
        }
        Api.PROVINCE_ADMIN.get("/api/people?q=马建军").then().body("items", hasSize(0));
        given().header("Authorization", townAdmin()).contentType("text/csv").body(fixed).post("/api/people/import")
                .then().statusCode(200).body("created", equalTo(2)).body("dryRun", equalTo(false));
        Api.PROVINCE_ADMIN.get("/api/grids/" + town.majia + "/assignments").then()
                .body("find { it.personName == '马建军' }.role", equalTo("VILLAGE_CADRE"));
        Api.PROVINCE_ADMIN.get("/api/grids/" + town.majia1 + "/assignments").then()
                .body("find { it.personName == '马建军' }.role", equalTo("AUXILIARY_GRID_WORKER"));
        // imported again: one person, the posts already held
        given().header("Authorization", townAdmin()).contentType("text/csv").body(fixed).post("/api/people/import")
                .then().statusCode(200).body("created", equalTo(0)).body("unchanged", equalTo(2));
        Api.PROVINCE_ADMIN.get("/api/people?q=马建军").then().body("items", hasSize(1));
    }

    @Test
    void anXlsxWithADateTypedIntoExcelIsRead() {
        String xlsxPhone = "133" + town.countyCode.substring(2) + "0003".substring(0, 4);
        Table sheet = new Table("人员", List.of("姓名", "手机", "党员", "网格编码", "岗位", "任职日期"), List.of(
                Arrays.asList("马日期", xlsxPhone, "否", town.code("104201002"), "辅助网格员",
                        java.time.LocalDate.of(2026, 3, 1))));
        given().header("Authorization", townAdmin()).contentType(XLSX).body(sheet.xlsx())
                .post("/api/people/import").then().statusCode(200).body("created", equalTo(1));
        Api.PROVINCE_ADMIN.get("/api/grids/" + town.majia2 + "/assignments").then()
                .body("find { it.personName == '马日期' }.validFrom", equalTo("2026-03-01"));
    }

    @Test
    void nobodyAppointsThemselvesAndOnlyAdminsImport() {
        String sheet = "姓名,手机,账号,网格编码,岗位\n王建国,13912345678,town-admin-" + town.countyCode + ","
                + town.code("104201001") + ",辅助网格员\n";
        given().header("Authorization", townAdmin()).contentType("text/csv; charset=UTF-8")
                .body(sheet.getBytes(StandardCharsets.UTF_8)).post("/api/people/import").then().statusCode(400)
                .body("errors.message", hasItem(containsString("nobody appoints themselves")));
        given().header("Authorization", Tokens.bearer("majia-cadre-" + town.countyCode, "village-cadre"))
                .contentType("text/csv; charset=UTF-8").body(sheet.getBytes(StandardCharsets.UTF_8))
                .post("/api/people/import").then().statusCode(403);
    }

    @Test
    void householdsFromAnXlsxWhoseCodeCellsAreNumbersAsExcelKeepsThem() {
        String contactPhone = "135" + town.countyCode.substring(2) + "0002".substring(0, 4);
        given().header("Authorization", townAdmin()).contentType("text/csv; charset=UTF-8")
                .body(("姓名,手机,网格编码,岗位\n马包户," + contactPhone + "," + town.code("104201001") + ",辅助网格员\n")
                        .getBytes(StandardCharsets.UTF_8)).post("/api/people/import").then().statusCode(200);

        long majia1Code = Long.parseLong(town.code("104201001"));
        Table sheet = new Table("住户", List.of("微网格编码", "地址", "户主", "人口", "标签", "包户干部手机"), List.of(
                // a 15-digit code Excel stored as a number: its digits are all there
                Arrays.asList(majia1Code, "马家村一组7号", "马德福", 4, "独居老人、重点关注", contactPhone),
                Arrays.asList(town.code("104201001"), "马家村一组9号", "马桂兰", 2, null, null)));
        given().header("Authorization", townAdmin()).contentType(XLSX).body(sheet.xlsx())
                .post("/api/households/import").then().statusCode(200).body("created", equalTo(2));
        Api.PROVINCE_ADMIN.get("/api/grids/" + town.majia1 + "/households").then()
                .body("items.find { it.address == '马家村一组7号' }.tags", equalTo(List.of("独居老人", "重点关注")))
                .body("items.find { it.address == '马家村一组7号' }.contactCadreId",
                        equalTo(Api.PROVINCE_ADMIN.get("/api/people?q=马包户").path("items[0].id")));

        // known by micro-grid and address: a second sheet updates, and its bad rows are named
        Table again = new Table("住户", List.of("微网格编码", "地址", "户主", "人口"), List.of(
                Arrays.asList(town.code("104201001"), "马家村一组9号", "马桂兰", 3),
                Arrays.asList(6.50001104201101E17, "马家村一组1号", "马一", 1),
                Arrays.asList(town.code("104201"), "马家村村委会", "马二", 1),
                Arrays.asList(town.code("104201001"), "马家村一组2号", "马三", 101)));
        Response dry = given().header("Authorization", townAdmin()).contentType(XLSX).body(again.xlsx())
                .queryParam("dryRun", true).post("/api/households/import");
        dry.then().statusCode(200).body("problems.field", hasItems("row 3 (马家村一组1号)", "row 4 (马家村村委会)",
                        "row 5 (马家村一组2号)"))
                .body("problems.message", hasItems(containsString("format the column as text"),
                        containsString("households belong to micro-grids"), containsString("0–100")));
        Table fixed = new Table("住户", List.of("微网格编码", "地址", "户主", "人口"), List.of(
                Arrays.asList(town.code("104201001"), "马家村一组9号", "马桂兰", 3),
                Arrays.asList(town.code("104201001"), "马家村一组7号", "马德福", 4)));
        given().header("Authorization", townAdmin()).contentType(XLSX).body(fixed.xlsx())
                .post("/api/households/import").then().statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(1)).body("unchanged", equalTo(1));
        // a sheet without the tag and contact columns changes neither
        Api.PROVINCE_ADMIN.get("/api/grids/" + town.majia1 + "/households").then()
                .body("items.find { it.address == '马家村一组9号' }.membersCount", equalTo(3))
                .body("items.find { it.address == '马家村一组7号' }.tags", equalTo(List.of("独居老人", "重点关注")))
                .body("items.find { it.address == '马家村一组7号' }.contactCadreId",
                        equalTo(Api.PROVINCE_ADMIN.get("/api/people?q=马包户").path("items[0].id")));
    }

    @Test
    void eachImportHasATemplateToFillIn() throws Exception {
        for (String path : List.of("/api/grids/import/template", "/api/people/import/template",
                "/api/households/import/template")) {
            byte[] xlsx = given().header("Authorization", townAdmin()).get(path + ".xlsx").then().statusCode(200)
                    .header("Content-Disposition", containsString("filename*=UTF-8''")).extract().asByteArray();
            try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                    new java.io.ByteArrayInputStream(xlsx))) {
                var rows = workbook.getFirstSheet().read();
                assertTrue(rows.size() >= 3, path);
                assertTrue(rows.get(0).getCellText(0).matches("[\\u4e00-\\u9fa5]+"), "Chinese headers: " + path);
            }
            String csv = new String(given().header("Authorization", townAdmin()).get(path + ".csv").then()
                    .statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
            assertTrue(csv.startsWith("\uFEFF"), path);
        }
        // the grid template imports as it is, on a dry run
        byte[] template = given().header("Authorization", townAdmin()).get("/api/grids/import/template.csv")
                .then().extract().asByteArray();
        given().header("Authorization", Tokens.bearer("province-admin-tests", "province-admin", "county-admin"))
                .contentType("text/csv").body(template)
                .queryParam("dryRun", true).post("/api/grids/import").then().statusCode(200)
                .body("rows", equalTo(6)).body("dryRun", equalTo(true)).body("problems", hasSize(0));
    }

    private String townAdmin() {
        return Tokens.bearer("town-admin-" + town.countyCode, "town-admin");
    }
}
