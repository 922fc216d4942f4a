package io.wangge.task.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How often task-service's clock-driven jobs run (Quarkus scheduler intervals such as {@code 60s}, or {@code off}).
 * The jobs read these through their {@code @Scheduled} expressions; the mapping names them, so a mistyped key fails
 * the start rather than being ignored.
 */
@ConfigMapping(prefix = "wangge.task")
public interface TaskConfig {

    /** Marking tasks overdue. */
    @WithDefault("60s")
    String overdueCheck();

    /** Casting recurring key work anew. */
    @WithDefault("5m")
    String recurrenceCheck();

    /** The supervision (督办) sweep; tests sweep themselves with the clock they set, so it is off there. */
    @WithDefault("60s")
    String supervisionCheck();
}
