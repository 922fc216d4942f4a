package io.wangge.grid.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Changning demo loader. */
@ConfigMapping(prefix = "wangge.demo")
public interface DemoConfig {

    /** Whether {@code POST /api/demo/changning} exists; on for the local run and tests, off in production. */
    @WithDefault("false")
    boolean enabled();
}
