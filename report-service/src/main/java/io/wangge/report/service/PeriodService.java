package io.wangge.report.service;

import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import io.wangge.report.config.ReportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which period it is now and when each level must have filed for it. */
@ApplicationScoped
public class PeriodService {

    @Inject
    Clock clock;

    @Inject
    ReportConfig config;

    public Period current(PeriodType type) {
        return Period.containing(LocalDate.now(clock), type);
    }

    /** The filing deadline of a node of this level (micro-grids and grids file as GRID; the county as TOWN). */
    public OffsetDateTime deadline(Period period, String level) {
        String key = switch (level) {
            case "VILLAGE" -> "VILLAGE";
            case "TOWN", "COUNTY" -> "TOWN";
            default -> "GRID";
        };
        return deadlines(period).get(key);
    }

    /** Filing deadline per level, keyed GRID (micro-grids and grids), VILLAGE and TOWN. */
    public Map<String, OffsetDateTime> deadlines(Period period) {
        ReportConfig.Deadlines deadlines = period.type() == PeriodType.WEEK ? config.week() : config.month();
        Map<String, OffsetDateTime> byLevel = new LinkedHashMap<>();
        byLevel.put("GRID", period.end().plus(deadlines.grid()).toOffsetDateTime());
        byLevel.put("VILLAGE", period.end().plus(deadlines.village()).toOffsetDateTime());
        byLevel.put("TOWN", period.end().plus(deadlines.town()).toOffsetDateTime());
        return byLevel;
    }
}
