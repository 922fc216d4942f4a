package io.wangge.points;

import io.wangge.platform.rest.ProblemException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A points period in Asia/Shanghai dates: a month (2026-11), a quarter (2026-Q4) or a year (2026). */
public record PointsPeriod(String id, LocalDate from, LocalDate to) {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** Days from {@code from} to {@code to}, both included. */
    public static PointsPeriod parse(String id) {
        String text = id == null ? "" : id;
        Matcher m = MONTH.matcher(text);
        if (m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 12) {
            YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            return new PointsPeriod(id, month.atDay(1), month.atEndOfMonth());
        }
        m = QUARTER.matcher(text);
        if (m.matches()) {
            int quarter = Integer.parseInt(m.group(2));
            LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), quarter * 3 - 2, 1);
            return new PointsPeriod(id, start, start.plusMonths(3).minusDays(1));
        }
        m = YEAR.matcher(text);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            return new PointsPeriod(id, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        throw ProblemException.invalid("period", "须为月（2026-11）、季度（2026-Q4）或年（2026） must be 2026-11, 2026-Q4 or 2026");
    }

    /** The ids of the month, quarter and year that hold the day: the periods a deed of that day counts in. */
    public static List<String> idsHolding(LocalDate day) {
        return List.of(YearMonth.from(day).toString(), day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1),
                String.valueOf(day.getYear()));
    }

    /** The period just before this one, of the same length kind. */
    public PointsPeriod previous() {
        if (id.contains("Q")) {
            LocalDate start = from.minusMonths(3);
            return new PointsPeriod(start.getYear() + "-Q" + ((start.getMonthValue() - 1) / 3 + 1), start,
                    from.minusDays(1));
        }
        if (id.contains("-")) {
            YearMonth month = YearMonth.from(from).minusMonths(1);
            return new PointsPeriod(month.toString(), month.atDay(1), month.atEndOfMonth());
        }
        int year = from.getYear() - 1;
        return new PointsPeriod(String.valueOf(year), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }
}
