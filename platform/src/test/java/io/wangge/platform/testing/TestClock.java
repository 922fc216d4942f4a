package io.wangge.platform.testing;

import io.wangge.platform.time.ClockProducer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of every test boot: runs with the system until a test sets it, then stands still where it was put.
 * Deadlines and overdue checks are tested by moving it, never by sleeping.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    /** Stops time at the instant. */
    public void set(Instant instant) {
        fixed.set(instant);
    }

    /** Moves a stopped clock forward (starting from now if it was running). */
    public void advance(Duration duration) {
        fixed.set(instant().plus(duration));
    }

    /** Back to the system clock. */
    public void reset() {
        fixed.set(null);
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
        Instant instant = fixed.get();
        return instant != null ? instant : Instant.now();
    }
}
