package io.wangge.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Filing deadlines, as offsets from the end of the period (negative = before it ends). The defaults are the
 * weekly work-report rhythm: micro-grids by Friday 18:00, villages by Saturday 12:00, the town by Monday 12:00.
 */
@ConfigMapping(prefix = "wangge.report")
public interface ReportConfig {

    /** Deadlines of weekly reports. */
    Deadlines week();

    /** Deadlines of monthly reports. */
    Deadlines month();

    /** Deadlines of a key-work phase's reports, as offsets from the phase's due time. */
    PhaseDeadlines phase();

    /** Offsets from a phase's due time. */
    interface PhaseDeadlines {
        /** Micro-grids and grids file by the phase's due time plus this. */
        @WithDefault("PT0S")
        Duration grid();

        /** Villages file by this offset. */
        @WithDefault("PT18H")
        Duration village();

        /** The town files by this offset. */
        @WithDefault("P2D")
        Duration town();
    }

    /** Reminding the nodes that have not filed (收网提醒). */
    Reminders reminders();

    /** When a node that has not filed is reminded, and how often the sweep looks. */
    interface Reminders {
        /** This long before its level's deadline. */
        @WithDefault("PT24H")
        Duration before();

        /** The sweep's interval (a Quarkus scheduler interval, or {@code off}). */
        @WithDefault("5m")
        String check();
    }

    /** Weights of the observation-and-evaluation ranking (观摩评比); shown with every ranking. */
    Ranking ranking();

    /**
     * score = filing × on-time filing + completion × completion rate + onTime × on-time rate
     * + activity × min(1, activities recorded / activityTarget) − red × red items.
     */
    interface Ranking {
        /** Weight of filing the report on time (1 on time, 0.5 late, 0 missing). */
        @WithDefault("0.3")
        double filing();

        /** Weight of the task completion rate. */
        @WithDefault("0.4")
        double completion();

        /** Weight of the share of completed tasks done on time. */
        @WithDefault("0.3")
        double onTime();

        /** Weight of the activities on record in the child's place (活动台账), up to the target. */
        @WithDefault("0.1")
        double activity();

        /** Activities a place records in a period for the full activity score. */
        @WithDefault("4")
        int activityTarget();

        /** Deducted per item that turned red (督办红牌) in the child's place in the period. */
        @WithDefault("0.05")
        double red();
    }

    /** Offsets per reporting level. */
    interface Deadlines {
        /** Micro-grids and grids file by this offset from the period's end. */
        @WithDefault("-P2DT6H")
        Duration grid();

        /** Villages file by this offset. */
        @WithDefault("-P1DT12H")
        Duration village();

        /** The town files by this offset. */
        @WithDefault("PT12H")
        Duration town();
    }
}
