package io.wangge.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The shared kernel's settings, under {@code wangge.*}. */
@ConfigMapping(prefix = "wangge")
public interface WanggeConfig {

    /** Event publishing and the contract. */
    Events events();

    /** The outbox relay. */
    Outbox outbox();

    /** Idempotent consumers. */
    Inbox inbox();

    /** Idempotency-Key handling for REST. */
    Idempotency idempotency();

    /** Event settings. */
    interface Events {
        /** CloudEvents {@code source} of this service's events; defaults to /wangge/{application name}. */
        Optional<String> source();

        /** Validate every recorded payload against its JSON Schema (on in dev and test, costly at scale). */
        @WithDefault("false")
        boolean validatePayloads();
    }

    /** Outbox relay settings. */
    interface Outbox {
        /** Whether this instance takes part in relaying (one instance relays at a time, by advisory lock). */
        @WithDefault("true")
        boolean relayEnabled();

        /** Rows published per round trip. */
        @WithDefault("500")
        int batchSize();

        /** Longest wait for a commit notification before looking anyway. */
        @WithDefault("1s")
        Duration idleWait();

        /** First back-off after a failure; doubles up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest back-off between attempts while Kafka or the database is away. */
        @WithDefault("10s")
        Duration maxBackoff();

        /** How long a published row is kept before pruning. */
        @WithDefault("1h")
        Duration retention();

        /** Producer delivery timeout: how long one send may wait for the broker before the relay backs off. */
        @WithDefault("30s")
        Duration deliveryTimeout();
    }

    /** Inbox settings. */
    interface Inbox {
        /** Attempts of one event's effect before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxAttempts();

        /** Back-off before the second attempt; doubles each time. */
        @WithDefault("100ms")
        Duration initialBackoff();
    }

    /** Idempotency-Key settings. */
    interface Idempotency {
        /** How long a key is remembered. */
        @WithDefault("24h")
        Duration retention();
    }
}
