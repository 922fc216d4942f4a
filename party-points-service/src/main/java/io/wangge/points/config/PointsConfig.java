package io.wangge.points.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** party-points-service's own settings; the mapping names them, so a mistyped key fails the start. */
@ConfigMapping(prefix = "wangge.boards")
public interface PointsConfig {

    /**
     * A leaderboard whose ranking took this long or longer (a province's: 100,000 members, most of a second) is
     * ranked again apart while its readers get the board held.
     */
    @WithDefault("500ms")
    Duration rankApartAfter();
}
