package io.wangge.grid.service;

import io.wangge.grid.Level;

import java.util.Optional;

/**
 * The national coding scheme. Province, city and county are their 6-digit GB/T 2260 codes (陕西省 610000, 咸阳市
 * 610400, 武功县 610431): a city extends its province's 2 digits, a county its city's 4, and in a province whose list
 * ships with us ({@link DivisionCodes}) only listed codes are issued. Towns and villages carry the 12 digits of the
 * statistical division code: a town is its county + 3 digits naming its kind (001–099 街道, 100–199 镇, 200–399 乡,
 * 400–599 乡级单位 such as a development zone) + 000; a village extends its town's 9 digits by 3 (001–199 社区/居委会,
 * 200–399 村委会). A grid is its village's code + 001–999; a micro-grid its grid's (so its code shows its mid-grid),
 * or its village's where it has no mid-grid.
 */
public final class CodeRules {

    private CodeRules() {
    }

    /**
     * Why {@code code} cannot be issued for a node of {@code level} under a parent with {@code parentCode} and
     * {@code parentLevel} (both null for a root), or empty.
     */
    public static Optional<String> problem(String code, Level level, String parentCode, Level parentLevel) {
        if (code == null || !code.matches("[0-9]+")) {
            return Optional.of("编码只能是数字 code must be digits");
        }
        return switch (level) {
            case PROVINCE -> divisionProblem(code, "0000", "省级", null);
            case CITY -> divisionProblem(code, "00", "地级", parentCode);
            case COUNTY -> divisionProblem(code, null, "县级", parentCode);
            case TOWN -> townProblem(code, parentCode);
            case VILLAGE -> villageProblem(code, parentCode);
            case GRID, MICRO_GRID -> gridProblem(code, level, parentCode, parentLevel);
        };
    }

    /** 街道, 镇, 乡 for a town; 社区 or 村委会 for a village; empty for the other levels or a code outside the ranges. */
    public static Optional<String> kind(String code, Level level) {
        if (code == null || code.length() != 12) {
            return Optional.empty();
        }
        if (level == Level.TOWN) {
            return townKind(Integer.parseInt(code.substring(6, 9)));
        }
        if (level == Level.VILLAGE) {
            int own = Integer.parseInt(code.substring(9));
            return own >= 1 && own <= 199 ? Optional.of("社区") : own >= 200 && own <= 399 ? Optional.of("村委会")
                    : Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> divisionProblem(String code, String endsWith, String what, String parentCode) {
        if (code.length() != 6) {
            return Optional.of(what + "区划代码为 6 位 (GB/T 2260) a " + what + " division code has 6 digits");
        }
        String province = code.substring(0, 2) + "0000";
        if (!DivisionCodes.isProvince(province)) {
            return Optional.of(code.substring(0, 2) + " 不是省级区划代码 is not a province's prefix (GB/T 2260)");
        }
        if (endsWith != null && !code.endsWith(endsWith)) {
            return Optional.of(what + "区划代码以 " + endsWith + " 结尾 a " + what + " code ends in " + endsWith);
        }
        if ("00".equals(endsWith) && code.endsWith("0000")) {
            return Optional.of("地级区划代码不以 0000 结尾 (" + code + " 是省级代码) a city code does not end in 0000");
        }
        if (endsWith == null && code.endsWith("00")) {
            return Optional.of("县级区划代码不以 00 结尾 (" + code + " 是地级代码) a county code does not end in 00");
        }
        if (parentCode != null) {
            int shared = endsWith == null ? 4 : 2;
            if (!code.startsWith(parentCode.substring(0, shared))) {
                return Optional.of("须以上级区划代码的前 " + shared + " 位 " + parentCode.substring(0, shared)
                        + " 开头 must start with its parent's " + parentCode.substring(0, shared));
            }
        }
        if (!code.equals(province) && DivisionCodes.provinceListedInFull(code) && DivisionCodes.name(code).isEmpty()) {
            return Optional.of(code + " 不在 GB/T 2260 " + DivisionCodes.name(province).orElse(province)
                    + "区划代码表中 is not on the GB/T 2260 list");
        }
        return Optional.empty();
    }

    private static Optional<String> townProblem(String code, String countyCode) {
        if (code.length() != 12) {
            return Optional.of("乡镇（街道）编码为 12 位：县级代码 + 3 位 + 000，如 610431104000 a town's code has 12 digits");
        }
        if (countyCode == null) {
            return Optional.of("缺少上级编码 no parent code to check against");
        }
        if (!code.startsWith(countyCode)) {
            return Optional.of("编码须以县级代码 " + countyCode + " 开头 must start with " + countyCode);
        }
        if (!code.endsWith("000")) {
            return Optional.of("乡镇（街道）编码以 000 结尾 a town's code ends in 000");
        }
        return townKind(Integer.parseInt(code.substring(6, 9))).isPresent() ? Optional.empty()
                : Optional.of("乡镇顺序码：街道 001–099，镇 100–199，乡 200–399，乡级单位 400–599 a town's own digits are "
                + "001–599");
    }

    private static Optional<String> townKind(int own) {
        if (own >= 1 && own <= 99) {
            return Optional.of("街道");
        }
        if (own >= 100 && own <= 199) {
            return Optional.of("镇");
        }
        if (own >= 200 && own <= 399) {
            return Optional.of("乡");
        }
        return own >= 400 && own <= 599 ? Optional.of("乡级单位") : Optional.empty();
    }

    private static Optional<String> villageProblem(String code, String townCode) {
        if (code.length() != 12) {
            return Optional.of("村（社区）编码为 12 位：乡镇编码前 9 位 + 3 位 a village's code has 12 digits");
        }
        if (townCode == null) {
            return Optional.of("缺少上级编码 no parent code to check against");
        }
        String prefix = townCode.substring(0, Math.min(9, townCode.length()));
        if (!code.startsWith(prefix)) {
            return Optional.of("编码须以乡镇编码前 9 位 " + prefix + " 开头 must start with " + prefix);
        }
        return kind(code, Level.VILLAGE).isPresent() ? Optional.empty()
                : Optional.of("村级顺序码：社区（居委会）001–199，村委会 200–399 a village's own digits are 001–399");
    }

    private static Optional<String> gridProblem(String code, Level level, String parentCode, Level parentLevel) {
        if (parentCode == null) {
            return Optional.of("缺少上级编码 no parent code to check against");
        }
        if (!code.startsWith(parentCode) || code.length() != parentCode.length() + 3) {
            String what = parentLevel == Level.GRID ? "网格" : "村（社区）";
            return Optional.of("编码须为上级" + what + "编码 " + parentCode + " 加 3 位 must be " + parentCode
                    + " + 3 digits");
        }
        return Integer.parseInt(code.substring(parentCode.length())) >= 1 ? Optional.empty()
                : Optional.of((level == Level.GRID ? "网格" : "微网格") + "顺序码为 001–999 a grid's own digits are 001–999");
    }
}
