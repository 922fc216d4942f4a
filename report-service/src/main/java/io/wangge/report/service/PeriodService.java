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
