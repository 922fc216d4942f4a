package io.wangge.grid;

import java.util.EnumSet;
import java.util.Set;

/** The levels of the net, top down. A child is always deeper than its parent. */
public enum Level {
    COUNTY(6),
    TOWN(9),
    VILLAGE(12),
    GRID(15),
    MICRO_GRID(15);

    private final int codeLength;

    Level(int codeLength) {
        this.codeLength = codeLength;
    }

    /** Digits of a code at this level under the national scheme. */
    public int codeLength() {
        return codeLength;
    }

    /** The levels a node of this level may hold directly (a village may hold grids or micro-grids). */
    public Set<Level> childLevels() {
        return switch (this) {
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
}
