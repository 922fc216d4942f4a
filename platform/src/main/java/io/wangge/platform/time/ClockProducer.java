package io.wangge.platform.time;

import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.wangge.platform.config.WanggeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The one clock every service reads; tests replace it with a controllable one instead of sleeping. A local run can
 * move it ({@code wangge.clock.offset}, e.g. {@code deploy/run-local.sh --clock-offset P30D}) to rehearse a date
 * such as New Year's night: the domain moves, while tokens, Kafka and the database keep real time.
 */
@ApplicationScoped
public class ClockProducer {

    /** Periods, deadlines and on-time flags are reckoned in Asia/Shanghai. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Inject
    WanggeConfig config;

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        Clock system = Clock.system(ZONE);
        Duration offset = config.clock().offset();
        if (offset.isZero()) {
            return system;
        }
        Log.warnf("the domain clock runs %s off real time (wangge.clock.offset): for rehearsals, never production",
                offset);
        return Clock.offset(system, offset);
    }
}
