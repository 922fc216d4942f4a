package io.wangge.grid;

import io.wangge.grid.service.CodeRules;
import io.wangge.grid.service.DivisionCodes;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The national division scheme, rule by rule, with real codes of 陕西省 and 甘肃省. */
class CodeRulesTest {

    @Test
    void provincesCitiesAndCountiesFollowGbT2260() {
        assertOk("610000", Level.PROVINCE, null, null);
        assertProblem("990000", Level.PROVINCE, null, null, "不是省级区划代码");
        assertProblem("610400", Level.PROVINCE, null, null, "以 0000 结尾");

        assertOk("610400", Level.CITY, "610000", Level.PROVINCE);
        assertProblem("620100", Level.CITY, "610000", Level.PROVINCE, "前 2 位 61");
        assertProblem("611100", Level.CITY, "610000", Level.PROVINCE, "不在 GB/T 2260 陕西省区划代码表中");
        assertProblem("610401", Level.CITY, "610000", Level.PROVINCE, "以 00 结尾");
        assertProblem("620000", Level.CITY, null, null, "不以 0000 结尾");

        assertOk("610431", Level.COUNTY, "610400", Level.CITY);
        assertOk("610431", Level.COUNTY, null, null); // a county office whose tree starts at the county
        assertProblem("610131", Level.COUNTY, "610400", Level.CITY, "前 4 位 6104");
        assertProblem("610499", Level.COUNTY, null, null, "不在 GB/T 2260 陕西省区划代码表中");
        assertProblem("610400", Level.COUNTY, null, null, "不以 00 结尾");
        assertProblem("61043", Level.COUNTY, null, null, "6 位");
        // a province whose list is not shipped: its prefix is checked, its counties are not listed
        assertOk("620102", Level.COUNTY, "620100", Level.CITY);
        assertEquals(Optional.of("武功县"), DivisionCodes.name("610431"));
    }

    @Test
    void townsAndVillagesCarryTheTwelveDigitsAndTheirKind() {
        assertOk("610431001000", Level.TOWN, "610431", Level.COUNTY);
        assertOk("610431104000", Level.TOWN, "610431", Level.COUNTY);
        assertOk("610431201000", Level.TOWN, "610431", Level.COUNTY);
        assertEquals(Optional.of("街道"), CodeRules.kind("610431001000", Level.TOWN));
        assertEquals(Optional.of("镇"), CodeRules.kind("610431104000", Level.TOWN));
        assertEquals(Optional.of("乡"), CodeRules.kind("610431201000", Level.TOWN));
        assertEquals(Optional.of("乡级单位"), CodeRules.kind("610431400000", Level.TOWN));
        assertProblem("610431104", Level.TOWN, "610431", Level.COUNTY, "12 位");
        assertProblem("610431104001", Level.TOWN, "610431", Level.COUNTY, "以 000 结尾");
        assertProblem("610431600000", Level.TOWN, "610431", Level.COUNTY, "乡级单位 400–599");
        assertProblem("610431000000", Level.TOWN, "610431", Level.COUNTY, "街道 001–099");
        assertProblem("610430104000", Level.TOWN, "610431", Level.COUNTY, "610431 开头");

        assertOk("610431001001", Level.VILLAGE, "610431001000", Level.TOWN);
        assertOk("610431104201", Level.VILLAGE, "610431104000", Level.TOWN);
        assertEquals(Optional.of("社区"), CodeRules.kind("610431001001", Level.VILLAGE));
        assertEquals(Optional.of("村委会"), CodeRules.kind("610431104201", Level.VILLAGE));
        assertProblem("610431104401", Level.VILLAGE, "610431104000", Level.TOWN, "村委会 200–399");
        assertProblem("610431104000", Level.VILLAGE, "610431104000", Level.TOWN, "001–199");
        assertProblem("610431105201", Level.VILLAGE, "610431104000", Level.TOWN, "610431104 开头");
    }

    @Test
    void gridCodesShowTheirMidGrid() {
        assertOk("610431104201101", Level.GRID, "610431104201", Level.VILLAGE);
        assertOk("610431104201001", Level.MICRO_GRID, "610431104201", Level.VILLAGE);
        assertOk("610431104201101001", Level.MICRO_GRID, "610431104201101", Level.GRID);
        assertProblem("610431104201001", Level.MICRO_GRID, "610431104201101", Level.GRID, "上级网格编码");
        assertProblem("610431104201000", Level.GRID, "610431104201", Level.VILLAGE, "001–999");
        assertProblem("61043110420100a", Level.GRID, "610431104201", Level.VILLAGE, "只能是数字");
    }

    private static void assertOk(String code, Level level, String parentCode, Level parentLevel) {
        assertEquals(Optional.empty(), CodeRules.problem(code, level, parentCode, parentLevel), code);
    }

    private static void assertProblem(String code, Level level, String parentCode, Level parentLevel,
                                      String expected) {
        Optional<String> problem = CodeRules.problem(code, level, parentCode, parentLevel);
        assertTrue(problem.isPresent() && problem.get().contains(expected), code + ": " + problem);
    }
}
