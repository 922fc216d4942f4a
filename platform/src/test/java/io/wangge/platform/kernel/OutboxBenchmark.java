package io.wangge.platform.kernel;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.Stopwatch;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

/**
 * Commit-to-Kafka latency of the outbox: an event recorded in a committed transaction, until a plain consumer
 * sees it. Run with {@code ./mvnw -pl platform -am verify -Pbenchmark}.
 */
@QuarkusTest
@Tag("benchmark")
class OutboxBenchmark {

    @Inject
    TestNodeService service;

    @Test
    void commitToVisibleOnKafka() {
        Stopwatch latency = new Stopwatch("outbox: commit → visible to a consumer");
        try (EventTap tap = EventTap.on("wangge.grid")) {
            for (int i = 0; i < 220; i++) {
                UUID id = UUID.randomUUID();
                long start = System.nanoTime();
                service.recordRename(id, "基准" + i);
                tap.await(EventTap.keyed(id), 1, Duration.ofSeconds(10), Duration.ZERO);
                if (i >= 20) { // the first ones warm the JIT
                    latency.record(System.nanoTime() - start);
                }
            }
        }
        latency.print();
    }
}
