package io.wangge.task;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A town's tasks go out to Excel (任务台账) in the caller's place only. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskExportTest {

    @Inject
    TestClock clock;

    private TaskTown town;

    @BeforeEach
    void setUp() {
        clock.set(KeyWorkDispatchTest.MONDAY.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theTasksOfAnItemGoOutAsASheetOfTheCallersPlace() throws Exception {
        String task = town.majiaTask("秸秆禁烧巡查·台账");
        String item = town.majiaWorker().get("/api/tasks/" + task).path("itemId");
        byte[] xlsx = town.townAdmin().get("/api/tasks/export.xlsx?itemId=" + item).then().statusCode(200)
                .header("Content-Disposition", containsString("filename*=UTF-8''")).extract().asByteArray();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = workbook.getFirstSheet().read();
            assertEquals("任务", rows.get(0).getCellText(0));
            assertEquals(6, rows.size(), "a header and the town's five micro-grids");
            assertTrue(rows.stream().skip(1).allMatch(r -> r.getCellText(3).equals("已派发")));
            assertTrue(rows.stream().anyMatch(r -> r.getCellText(1).equals("马家村第一微网格")));
        }
        // the worker's sheet holds their own grid's task only; a village they are not in is not found
        String csv = new String(town.majiaWorker().get("/api/tasks/export.csv?itemId=" + item).then()
                .statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertEquals(2, csv.strip().split("\n").length, csv);
        assertTrue(csv.contains("马家村第一微网格"), csv);
        town.majiaWorker().get("/api/tasks/export.csv?nodeId=" + town.xuejia.id()).then().statusCode(404);
    }
}
