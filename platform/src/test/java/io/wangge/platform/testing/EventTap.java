package io.wangge.platform.testing;

import io.wangge.devstack.DevstackTestResource;
import io.wangge.devstack.KafkaAccess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A plain Kafka consumer, as a county system would have: reads whole topics from the beginning, without a
 * consumer group, so tests see exactly what was published.
 */
public final class EventTap implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private EventTap(Map<String, Object> client, List<String> topics) {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Taps the topics of the devstack the running application uses: the event streams as the county's read-only
     * user (what a county system may read), dead-letter topics as the operator.
     */
    public static EventTap on(String... topics) {
        boolean letters = java.util.Arrays.stream(topics).anyMatch(topic -> topic.endsWith(".dlq"));
        return new EventTap(DevstackTestResource.kafkaClient(letters ? KafkaAccess.ADMIN : KafkaAccess.COUNTY),
                List.of(topics));
    }

    /**
     * Polls until {@code count} matching records have been seen or the timeout passes, then keeps polling for
     * {@code settle} to catch any that should not be there (a duplicate, a late event). Returns every match.
     */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count,
                                                      Duration timeout, Duration settle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matches(filter).size() < count && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(100));
        }
        long settleUntil = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settleUntil) {
            poll(Duration.ofMillis(100));
        }
        return matches(filter);
    }

    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count) {
        return await(filter, count, Duration.ofSeconds(30), Duration.ofMillis(300));
    }

    private void poll(Duration duration) {
        consumer.poll(duration).forEach(seen::add);
    }

    private List<ConsumerRecord<String, String>> matches(Predicate<ConsumerRecord<String, String>> filter) {
        return seen.stream().filter(filter).toList();
    }

    public static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Predicate<ConsumerRecord<String, String>> keyed(Object key) {
        return record -> key.toString().equals(record.key());
    }

    public static Predicate<ConsumerRecord<String, String>> typed(String type) {
        return record -> type.equals(header(record, "ce_type"));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
