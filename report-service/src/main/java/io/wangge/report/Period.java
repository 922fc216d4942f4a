package io.wangge.report;

import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.time.ClockProducer;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period in Asia/Shanghai: an ISO week ({@code 2026-W48}, Monday to Sunday) or a month
 * ({@code 2026-11}). {@code startsOn} is its first day, {@code endsOn} its last.
 */
public record Period(String id, PeriodType type, LocalDate startsOn, LocalDate endsOn) {

    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");

    public static Period containing(LocalDate day, PeriodType type) {
        return switch (type) {
            case WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                int year = monday.get(IsoFields.WEEK_BASED_YEAR);
                int week = monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                yield new Period(String.format("%d-W%02d", year, week), type, monday, monday.plusDays(6));
            }
            case MONTH -> {
                YearMonth month = YearMonth.from(day);
                yield new Period(month.toString(), type, month.atDay(1), month.atEndOfMonth());
            }
            case PHASE -> throw new IllegalArgumentException("a phase period comes from its phase");
        };
    }

    public static final String PHASE_PREFIX = "phase-";

    /** The period of a key-work phase, from the day it was dispatched to the day it is due. */
    public static Period phase(java.util.UUID phaseId, LocalDate dispatchedOn, LocalDate dueOn) {
        return new Period(PHASE_PREFIX + phaseId, PeriodType.PHASE, dispatchedOn, dueOn);
    }

    public boolean isPhase() {
        return type == PeriodType.PHASE;
    }

    /** Parses {@code 2026-W48} or {@code 2026-11}; anything else is a 400 naming the parameter. */
    public static Period parse(String id) {
        Matcher week = WEEK.matcher(id == null ? "" : id);
        if (week.matches()) {
            int year = Integer.parseInt(week.group(1));
            int number = Integer.parseInt(week.group(2));
            LocalDate fourthOfJanuary = LocalDate.of(year, 1, 4);
            long weeksInYear = fourthOfJanuary.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
            if (number >= 1 && number <= weeksInYear) {
                return containing(fourthOfJanuary.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number), PeriodType.WEEK);
            }
        }
        Matcher month = MONTH.matcher(id == null ? "" : id);
        if (month.matches()) {
            int number = Integer.parseInt(month.group(2));
            if (number >= 1 && number <= 12) {
                return containing(LocalDate.of(Integer.parseInt(month.group(1)), number, 1), PeriodType.MONTH);
            }
        }
        throw ProblemException.invalid("period",
                "须为 ISO 周（如 2026-W48）、月份（如 2026-11）或阶段（phase-<id>） must be 2026-W48, 2026-11 or phase-<id>");
    }

    /** The first instant after the period, in Asia/Shanghai. */
    public ZonedDateTime end() {
        return endsOn.plusDays(1).atStartOfDay(ClockProducer.ZONE);
    }
}
