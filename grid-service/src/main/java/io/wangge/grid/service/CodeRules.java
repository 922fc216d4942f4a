package io.wangge.grid.service;

import io.wangge.grid.Level;

import java.util.Optional;

/**
 * The national coding scheme. A county is its 6-digit GB/T 2260 code (Wugong County = 610431); a town is the
 * county + 3 digits in 100–199; a village the town + 3 digits in 200–399 (village committees); a grid or
 * micro-grid is its village's 12-digit code + a 3-digit sequence 001–999.
 */
public final class CodeRules {

    private CodeRules() {
    }

    /**
     * Why {@code code} cannot be issued for a node of {@code level} whose village-or-above ancestor codes are
     * given ({@code parentCode} for towns and villages, the village's code for grids and micro-grids), or empty.
     */
    public static Optional<String> problem(String code, Level level, String parentCode, String villageCode) {
        if (code == null || !code.matches("[0-9]+")) {
            return Optional.of("编码只能是数字 code must be digits");
        }
        if (code.length() != level.codeLength()) {
            return Optional.of(level + " 的编码为 " + level.codeLength() + " 位 a " + level + " code has "
                    + level.codeLength() + " digits");
        }
        if (level == Level.COUNTY) {
            return Optional.empty();
        }
        String prefix = level == Level.GRID || level == Level.MICRO_GRID ? villageCode : parentCode;
        if (prefix == null) {
            return Optional.of("缺少上级编码 no parent code to check against");
        }
        if (!code.startsWith(prefix) || code.length() != prefix.length() + 3) {
            return Optional.of("编码须以上级编码 " + prefix + " 开头并加 3 位 must be " + prefix + " + 3 digits");
        }
        int sequence = Integer.parseInt(code.substring(prefix.length()));
        return switch (level) {
            case TOWN -> sequence >= 100 && sequence <= 199 ? Optional.empty()
                    : Optional.of("乡镇顺序码为 100–199 a town's own digits are 100–199");
            case VILLAGE -> sequence >= 200 && sequence <= 399 ? Optional.empty()
                    : Optional.of("村委会顺序码为 200–399 a village committee's own digits are 200–399");
            case GRID, MICRO_GRID -> sequence >= 1 ? Optional.empty()
                    : Optional.of("网格顺序码为 001–999 a grid's own digits are 001–999");
            case COUNTY -> Optional.empty();
        };
    }
}
