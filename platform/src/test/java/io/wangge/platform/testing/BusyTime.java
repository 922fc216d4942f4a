package io.wangge.platform.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * A consumer's busy time so far (the inbox's {@code wangge.inbox.batch} timer): events over the busy seconds a run
 * added is what the consumer can take, whatever else shares the machine's cores meanwhile.
 */
public final class BusyTime {

    private BusyTime() {
    }

    public static double seconds(MeterRegistry registry, String consumer) {
        Timer timer = registry.find("wangge.inbox.batch").tag("consumer", consumer).timer();
        return timer == null ? 0 : timer.totalTime(TimeUnit.NANOSECONDS) / 1e9;
    }
}
