package io.wangge.platform.inbox;

import io.wangge.platform.events.InboundEvent;

/** What a consumer does with one event; it runs inside the inbox's transaction. */
@FunctionalInterface
public interface EventEffect {

    void apply(InboundEvent event) throws Exception;
}
