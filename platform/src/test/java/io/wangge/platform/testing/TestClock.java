package io.wangge.platform.testing;

import io.wangge.platform.time.ClockProducer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of every test boot: it stands still at {@link #START} until a test puts it elsewhere, so no test and
 * no service under test reads the day the suite happens to run on. Deadlines and overdue checks are tested by
 * moving it, never by sleeping.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends Clock {

    /** Where every boot's clock stands until a test moves it: a Monday morning in Changning. */
    public static final Instant START = OffsetDateTime.parse("2026-11-23T09:00:00+08:00").toInstant();

    private final AtomicReference<Instant> fixed = new AtomicReference<>(START);

    /** Stops time at the instant. */
    public void set(Instant instant) {
        fixed.set(instant);
    }

    /** Moves the clock forward. */
    public void advance(Duration duration) {
        fixed.set(instant().plus(duration));
    }

    /** Back to {@link #START}. */
    public void reset() {
        fixed.set(START);
    }

    @Override
    public ZoneId getZone() {
        return ClockProducer.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        return fixed.get();
    }
}
