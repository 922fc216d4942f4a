package io.wangge.platform.rest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

    private static String sheet(Object... row) {
        return new String(Csv.sheet(List.of("编号", "内容"), List.of(Arrays.asList(row))), StandardCharsets.UTF_8);
    }

    /** The one data row of a two-column sheet, without the byte order mark and header. */
    private static String row(Object... row) {
        String sheet = sheet(row);
        return sheet.substring(sheet.indexOf("\r\n") + 2);
    }

    @Test
    void startsWithTheByteOrderMarkAndTheHeader() {
        assertEquals("\uFEFF编号,内容\r\n1,长宁镇\r\n", sheet(1, "长宁镇"));
    }

    @Test
    void quotesWhatWouldSplitACell() {
        assertEquals("1,\"马家村,二组\"\r\n", row(1, "马家村,二组"));
        assertEquals("1,\"他说\"\"好\"\"\"\r\n", row(1, "他说\"好\""));
        assertEquals("1,\"第一行\n第二行\"\r\n", row(1, "第一行\n第二行"));
        assertEquals("1,长宁镇 马家村\r\n", row(1, "长宁镇 马家村"));
        assertEquals("1,\r\n", row(1, null));
    }

    @Test
    void keepsFormulasAsText() {
        assertEquals("1,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n", row(1, "=HYPERLINK(\"http://x\")"));
        assertEquals("1,'@SUM(A1:A9)\r\n", row(1, "@SUM(A1:A9)"));
        assertEquals("1,'+马书记\r\n", row(1, "+马书记"));
        assertEquals("1,'-cmd\r\n", row(1, "-cmd"));
    }

    @Test
    void leavesNumbersAlone() {
        assertEquals("-3,+2\r\n", row(-3, "+2"));
        assertEquals("-1,85.5%\r\n", row("-1", "85.5%"));
    }
}
