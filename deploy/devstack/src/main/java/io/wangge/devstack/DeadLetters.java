package io.wangge.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Re-drives dead letters once their cause is fixed: every letter of {@code <topic>.dlq} not re-driven before (or
 * only the letters of the given event ids) is published again on {@code <topic>} with its original envelope, once
 * per event id. The consumers that applied it already skip it (their inbox holds its id); the one that dead-lettered
 * it never claimed it, so there it applies, once. A letter refused at the door for breaking its schema or being of
 * a type the consumer did not know yet applies once the consumer is upgraded; a forged one (not the topic owner's:
 * {@code wangge_dlq_kind: forged}) is never re-published, by id or not, since county systems read the topic too.
 *
 * <pre>java -cp devstack.jar:lib/* io.wangge.devstack.DeadLetters admin.properties wangge.task [event-id ...]</pre>
 * The first argument is a Kafka client settings file (the devstack writes one per user; re-driving publishes in the
 * owner's name, so it takes the operator's) or plain bootstrap servers, with further settings as
 * {@code -Dkafka.<setting>=<value>}.
 */
public final class DeadLetters {

    /** The consumer group that remembers which letters of a topic were re-driven already ("all" mode). */
    static final String GROUP = "wangge-dlq-redrive";
    static final String REDRIVEN_FROM = "wangge_redriven_from";
    private static final String DLQ_HEADER_PREFIX = "wangge_dlq_";
    private static final Duration POLL = Duration.ofMillis(500);

    private DeadLetters() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !args[1].startsWith("wangge.") || args[1].endsWith(".dlq")) {
            System.err.println("usage: DeadLetters <client.properties | bootstrap-servers> <topic, e.g. wangge.task>"
                    + " [event-id ...]");
            System.exit(2);
        }
        Map<String, Object> client = new HashMap<>();
        Path settings = Path.of(args[0]);
        if (Files.isRegularFile(settings)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(settings, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + settings, e);
            }
            properties.stringPropertyNames().forEach(name -> client.put(name, properties.getProperty(name)));
        } else {
            client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("kafka."))
                .forEach(name -> client.put(name.substring("kafka.".length()), System.getProperty(name)));
        Set<String> ids = new LinkedHashSet<>(Arrays.asList(args).subList(2, args.length));
        int redriven = redrive(client, args[1], ids);
        System.out.printf("re-drove %d dead letter(s) of %s.dlq onto %s%n", redriven, args[1], args[1]);
    }

    /**
     * Re-publishes the letters of {@code topic}.dlq onto {@code topic}: all not re-driven before when {@code ids} is
     * empty, else the letters of those event ids (again, if asked twice). Returns how many events were re-published.
     */
    public static int redrive(Map<String, Object> client, String topic, Set<String> ids) {
        String dlq = topic + ".dlq";
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (ids.isEmpty()) {
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        }
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaConsumer<byte[], byte[]> letters = new KafkaConsumer<>(consumerConfig);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            List<TopicPartition> partitions = partitions(letters, dlq);
            letters.assign(partitions);
            if (ids.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> done = letters.committed(new HashSet<>(partitions));
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata offset = done.get(partition);
                    if (offset == null) {
                        letters.seekToBeginning(List.of(partition));
                    } else {
                        letters.seek(partition, offset.offset());
                    }
                }
            } else {
                letters.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = letters.endOffsets(partitions);
            Set<String> published = new HashSet<>();
            Set<String> forged = new HashSet<>();
            while (partitions.stream().anyMatch(p -> letters.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> letter : letters.poll(POLL)) {
                    String id = text(letter.headers().lastHeader("ce_id"));
                    if (id == null || (!ids.isEmpty() && !ids.contains(id))) {
                        continue;
                    }
                    if (forged(letter)) {
                        forged.add(id);
                        continue;
                    }
                    if (!published.add(id)) {
                        continue; // one consumer's letter of an event is enough: the others skip it anyway
                    }
                    producer.send(again(topic, letter));
                }
            }
            producer.flush();
            if (ids.isEmpty() && !partitions.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> reached = new HashMap<>();
                partitions.forEach(p -> reached.put(p, new OffsetAndMetadata(letters.position(p))));
                letters.commitSync(reached);
            }
            if (!forged.isEmpty()) {
                System.err.printf("left %d forged letter(s) of %s unpublished (not the owner's): %s%n", forged.size(),
                        dlq, String.join(", ", forged));
            }
            return published.size();
        }
    }

    private static ProducerRecord<byte[], byte[]> again(String topic, ConsumerRecord<byte[], byte[]> letter) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, letter.key(), letter.value());
        for (Header header : letter.headers()) {
            if (!header.key().startsWith(DLQ_HEADER_PREFIX)) {
                record.headers().add(header);
            }
        }
        String origin = text(letter.headers().lastHeader(DLQ_HEADER_PREFIX + "origin"));
        record.headers().add(REDRIVEN_FROM, (letter.topic() + "/" + letter.partition() + "@" + letter.offset()
                + (origin == null ? "" : " (first " + origin + ")")).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Marked forged by the inbox; a letter from before the mark is known by its reason. */
    private static boolean forged(ConsumerRecord<byte[], byte[]> letter) {
        String kind = text(letter.headers().lastHeader(DLQ_HEADER_PREFIX + "kind"));
        if (kind != null) {
            return kind.equals("forged");
        }
        String error = text(letter.headers().lastHeader(DLQ_HEADER_PREFIX + "error"));
        return error != null && (error.contains("is not the owner of") || error.contains("does not belong on"));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
