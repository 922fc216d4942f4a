package io.wangge.devstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The platform's Kafka topics as the devstack creates them; deploy/k8s declares the same topics for Strimzi.
 * {@code wangge.grid} is compacted (it carries state); the streams keep 400 days (a year of reporting and audit).
 */
public final class Topics {

    /** One topic definition. */
    public record Topic(String name, int partitions, Map<String, String> config) {
    }

    private static final String STREAM_RETENTION_MS = Long.toString(Duration.ofDays(400).toMillis());
    private static final String DLQ_RETENTION_MS = Long.toString(Duration.ofDays(30).toMillis());

    public static final List<Topic> ALL = List.of(
            new Topic("wangge.grid", 3, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000")),
            new Topic("wangge.task", 3, Map.of("retention.ms", STREAM_RETENTION_MS)),
            new Topic("wangge.report", 3, Map.of("retention.ms", STREAM_RETENTION_MS)),
            new Topic("wangge.points", 3, Map.of("retention.ms", STREAM_RETENTION_MS)),
            new Topic("wangge.grid.dlq", 1, Map.of("retention.ms", DLQ_RETENTION_MS)),
            new Topic("wangge.task.dlq", 1, Map.of("retention.ms", DLQ_RETENTION_MS)),
            new Topic("wangge.report.dlq", 1, Map.of("retention.ms", DLQ_RETENTION_MS)),
            new Topic("wangge.points.dlq", 1, Map.of("retention.ms", DLQ_RETENTION_MS)));

    private Topics() {
    }
}
