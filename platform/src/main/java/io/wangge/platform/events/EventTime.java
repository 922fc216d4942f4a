package io.wangge.platform.events;

import io.wangge.platform.time.ClockProducer;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How a time is written into an event (its data and its {@code ce_time}): RFC 3339 with the seconds always
 * present, in Asia/Shanghai. {@code OffsetDateTime.toString()} drops zero seconds ({@code 18:00+08:00}), which is
 * no RFC 3339 date-time: a strict consumer, SmallRye's CloudEvents reader among them, refuses it.
 */
public final class EventTime {

    private EventTime() {
    }

    /**
     * The same, written by the database for events it builds itself ({@code Outbox.recordFromQuery}): the SQL
     * expression formatting the timestamptz {@code expression} as RFC 3339 in Asia/Shanghai (null stays null).
     */
    public static String sql(String expression) {
        return "to_char(" + expression + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+08:00\"')";
    }

    /** The time as RFC 3339 in Asia/Shanghai; null stays null. */
    public static String format(OffsetDateTime at) {
        return at == null ? null
                : at.atZoneSameInstant(ClockProducer.ZONE).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
