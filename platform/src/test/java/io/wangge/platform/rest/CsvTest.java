package io.wangge.platform.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {

    @Test
    void quotesWhatWouldSplitACell() {
        assertEquals("\"马家村,二组\"", Csv.cell("马家村,二组"));
        assertEquals("\"他说\"\"好\"\"\"", Csv.cell("他说\"好\""));
        assertEquals("\"第一行\n第二行\"", Csv.cell("第一行\n第二行"));
        assertEquals("长宁镇", Csv.cell("长宁镇"));
        assertEquals("", Csv.cell(null));
    }

    @Test
    void keepsFormulasAsText() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("'@SUM(A1:A9)", Csv.cell("@SUM(A1:A9)"));
        assertEquals("'+马书记", Csv.cell("+马书记"));
        assertEquals("'-cmd", Csv.cell("-cmd"));
    }

    @Test
    void leavesNumbersAlone() {
        assertEquals("-3", Csv.cell(-3));
        assertEquals("+2", Csv.cell("+2"));
        assertEquals("-1", Csv.cell("-1"));
        assertEquals("85.5%", Csv.cell("85.5%"));
        assertEquals("1,张三,,10\r\n", Csv.row(1, "张三", null, 10));
    }
}
