package io.wangge.grid;

import java.util.EnumSet;
import java.util.Set;

/**
 * The levels of the net, top down, as the national division scheme has them: province, city (prefecture), county,
 * town or street, village or community, then the grids. A child is always deeper than its parent.
 */
public enum Level {
    PROVINCE,
    CITY,
    COUNTY,
    TOWN,
    VILLAGE,
    GRID,
    MICRO_GRID;

    /** The levels a node of this level may hold directly (a village may hold grids or micro-grids). */
    public Set<Level> childLevels() {
        return switch (this) {
            case PROVINCE -> EnumSet.of(CITY);
            case CITY -> EnumSet.of(COUNTY);
            case COUNTY -> EnumSet.of(TOWN);
            case TOWN -> EnumSet.of(VILLAGE);
            case VILLAGE -> EnumSet.of(GRID, MICRO_GRID);
            case GRID -> EnumSet.of(MICRO_GRID);
            case MICRO_GRID -> EnumSet.noneOf(Level.class);
        };
    }

    public boolean mayHold(Level child) {
        return childLevels().contains(child);
    }

    /**
     * A division the province's operator founds (province, city, county); a county office may run with its county
     * as the root of its tree, a province deployment with the province.
     */
    public boolean isDivisionAboveTown() {
        return ordinal() <= COUNTY.ordinal();
    }
}
