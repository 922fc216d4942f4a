package io.wangge.grid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class GridImportTest {

    private static final String ADMIN = Tokens.bearer("province-admin-import", "province-admin", "county-admin");

    @Test
    void importsATreeWithBomAndChineseHeadersThenUpdatesIt() {
        String county = "650444";
        String csv = "\uFEFF编码,名称,层级,上级编码,户数,联系渠道\n"
                + county + ",试点县,COUNTY,,,\n"
                + county + "101000,试点镇,TOWN," + county + ",3000,微信群：试点镇\n"
                + county + "101201,东村,VILLAGE," + county + "101000,400,\n"
                + county + "101201001,东村第一微网格,MICRO_GRID," + county + "101201,35,微信群：东村一组\n"
                + county + "101201101,东村综治网格,GRID," + county + "101201,,\n"
                + county + "101201101001,东村综治网格一组,MICRO_GRID," + county + "101201101,20,\n";
        importCsv(csv).then().statusCode(200)
                .body("rows", equalTo(6)).body("created", equalTo(6)).body("updated", equalTo(0));

        given().header("Authorization", ADMIN).queryParam("codePrefix", county + "101201").get("/api/grids")
                .then().body("items.name", hasItems("东村", "东村第一微网格", "东村综治网格一组"))
                .body("items.find { it.code == '" + county + "101201001' }.contactChannel", equalTo("微信群：东村一组"));

        String again = csv.replace("东村第一微网格,MICRO_GRID," + county + "101201,35", "东村第一微网格（东片）,MICRO_GRID,"
                + county + "101201,36");
        importCsv(again).then().statusCode(200)
                .body("created", equalTo(0)).body("updated", equalTo(1)).body("unchanged", equalTo(5));
    }

    @Test
    void everyBadRowIsListedAndNothingIsImported() {
        String csv = "code,name,level,parent_code,households,contact_channel\n"
                + "650445,好县,COUNTY,,,\n"
                + "650445101000,,TOWN,650445,,\n"
                + "650445102000,坏层级镇,CITY,650445,,\n"
                + "650445103000,负户数镇,TOWN,650445,-5,\n"
                + "650445104000,孤儿镇,TOWN,659999,,\n"
                + "650445105101,错码村,VILLAGE,650445,,\n"
                + "650445,重复县,COUNTY,,,\n"
                + "610499,假县,县,,,\n"
                + "650445106,九位镇,镇,650445,,\n";
        Response response = importCsv(csv);
        response.then().statusCode(400)
                .body("type", equalTo("urn:wangge:problem:validation"))
                .body("errors.field", hasItems("row 3 (650445101000)", "row 4 (650445102000)",
                        "row 5 (650445103000)", "row 6 (650445104000)", "row 7 (650445105101)", "row 8 (650445)",
                        "row 9 (610499)", "row 10 (650445106)"))
                .body("errors.message", hasItems(containsString("unknown parent code"),
                        containsString("610499 不在 GB/T 2260 陕西省区划代码表中"), containsString("12 位")));
        given().header("Authorization", ADMIN).queryParam("codePrefix", "650445").get("/api/grids")
                .then().body("items", hasSize(0));
    }

    @Test
    void aGbkFileFromChineseExcelWithChineseLevelsIsImportedAsWritten() {
        String county = "650448";
        String csv = "编码,名称,层级,上级编码,户数,联系渠道\r\n"
                + county + ",试点县,县,,,\r\n"
                + county + "101000,城关镇,镇," + county + ",5200,\r\n"
                + county + "101201,东关村,村," + county + "101000,800,微信群：东关村知事议事群\r\n"
                + county + "101201001,东关村第一微网格,微网格," + county + "101201,40,\r\n";
        // saved by Excel as "CSV (逗号分隔)": GBK, no charset said
        given().header("Authorization", ADMIN).contentType("text/csv")
                .body(csv.getBytes(java.nio.charset.Charset.forName("GBK"))).post("/api/grids/import").then()
                .statusCode(200).body("created", equalTo(4));
        given().header("Authorization", ADMIN).queryParam("codePrefix", county).get("/api/grids").then()
                .body("items.name", hasItems("城关镇", "东关村", "东关村第一微网格"))
                .body("items.find { it.code == '" + county + "101201' }.contactChannel",
                        equalTo("微信群：东关村知事议事群"));
        // a file that is neither UTF-8 nor GBK is refused, not imported as mojibake; so is a lie about its charset
        byte[] broken = {'c', 'o', 'd', 'e', ',', (byte) 0xFF, (byte) 0xFE, (byte) 0x80, '\n'};
        given().header("Authorization", ADMIN).contentType("text/csv").body(broken).post("/api/grids/import")
                .then().statusCode(400).body("errors.field", hasItem("charset"));
        given().header("Authorization", ADMIN).contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(java.nio.charset.Charset.forName("GBK"))).post("/api/grids/import")
                .then().statusCode(400).body("errors.field", hasItem("charset"));
    }

    @Test
    void codesExcelTurnedIntoNumbersAreNamedWithTheirRow() {
        String csv = "code,name,level,parent_code\n"
                + "650449,试点县,COUNTY,\n"
                + "6.50449E+14,东村第一微网格,MICRO_GRID,650449101201\n"
                + "650449101000,试点镇,镇,6.50449E+5\n";
        importCsv(csv).then().statusCode(400)
                .body("errors.field", hasItems("row 3 (6.50449E+14)", "row 4 (650449101000)"))
                .body("errors.message", hasItem(containsString("format the column as text")));
    }

    @Test
    void missingColumnsAndEmptyFilesAreRefused() {
        importCsv("code,name\n610446,县\n").then().statusCode(400).body("errors.field", hasItem("header"));
        importCsv("").then().statusCode(400);
    }

    @Test
    void onlyAdminsImport() {
        given().header("Authorization", Tokens.bearer("worker-import", "grid-worker")).contentType("text/csv")
                .body("code,name,level,parent_code\n610447,县,COUNTY,\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/grids/import").then().statusCode(403);
    }

    private static Response importCsv(String csv) {
        return given().header("Authorization", ADMIN).contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(StandardCharsets.UTF_8)).post("/api/grids/import");
    }
}
