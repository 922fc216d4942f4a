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

    /** The domain clock. */
    Clock clock();

    /** This service's Kafka principal (used by {@code kafka.sasl.jaas.config}). */
    Kafka kafka();

    /** Where traces go. */
    Tracing tracing();

    /** Request bodies. */
    Http http();

    /**
     * How large a request body may be: small for the JSON APIs, larger for the sheets a town or county office
     * uploads ({@code POST …/import}). {@code quarkus.http.limits.max-body-size} is set to the larger; the guard
     * answers 413 for the rest.
     */
    interface Http {
        /** Any request but an import, e.g. {@code 2M}. */
        @WithDefault("2M")
        String maxBodySize();

        /** An import ({@code POST …/import}): a town's households as CSV are a few megabytes, a county's ten or more. */
        @WithDefault("16M")
        String importMaxBodySize();
    }

    /** Trace export: off unless an OTLP endpoint is given; trace context travels with every event either way. */
    interface Tracing {
        /**
         * The OTLP/HTTP base address of a collector (e.g. {@code http://otel-collector:4318}); spans go to its
         * {@code /v1/traces}. Unset: spans are made (their context reaches the events) but sent nowhere.
         */
        Optional<String> otlpEndpoint();
    }

    /** Kafka credentials. */
    interface Kafka {
        /** The SCRAM user: the service's own name, the principal the broker's ACLs know. */
        @WithDefault("${quarkus.application.name}")
        String username();

        /** Its password, from the environment or a secret; none is stored with the code. */
        Optional<String> password();
    }

    /** Domain clock settings. */
    interface Clock {
        /** How far the domain clock runs off real time: zero but for rehearsing a date on a local run. */
        @WithDefault("PT0S")
        Duration offset();
    }

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

        /** Rows read and sent per round trip. */
        @WithDefault("500")
        int batchSize();

        /** Batches sent ahead of the broker's acknowledgements. */
        @WithDefault("4")
        int inFlightBatches();

        /** Sends of a row Kafka refuses for good (too large, not authorised) before the row is parked. */
        @WithDefault("5")
        int maxAttempts();

        /** Longest wait for a commit notification before looking anyway. */
        @WithDefault("1s")
        Duration idleWait();

        /** First back-off after a failure; doubles up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest back-off between attempts while Kafka or the database is away. */
        @WithDefault("10s")
        Duration maxBackoff();

        /**
         * How long a send may wait for the topic's metadata (the producer's {@code max.block.ms}); a send that
         * reached the producer is never abandoned, however long the broker is away.
         */
        @WithDefault("60s")
        Duration metadataWait();
    }

    /** Inbox settings. */
    interface Inbox {
        /** Attempts of one event's effect before it goes to the dead-letter topic. */
        @WithDefault("5")
        int maxAttempts();

        /** Back-off before the second attempt; doubles each time. */
        @WithDefault("100ms")
        Duration initialBackoff();

        /** How long a handled event id is remembered (redeliveries come within a rebalance or a restart). */
        @WithDefault("P14D")
        Duration retention();
    }

    /** Idempotency-Key settings. */
    interface Idempotency {
        /** How long a key is remembered. */
        @WithDefault("24h")
        Duration retention();
    }
}
