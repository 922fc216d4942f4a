package io.wangge.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devstack broker lets each user do what {@link KafkaAccess} grants and refuses the rest. */
class KafkaAccessTest {

    private static Path home;
    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("wangge-kafka-access");
        broker = KafkaBroker.start(0, home);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void eachServiceWritesItsOwnTopicAndTheLettersOfWhatItReads() throws Exception {
        for (KafkaAccess.Service service : KafkaAccess.SERVICES) {
            send(service.user(), service.owns());
            for (String consumed : service.consumes()) {
                send(service.user(), consumed + ".dlq");
            }
        }
    }

    @Test
    void noServiceWritesAnotherServicesTopic() {
        for (KafkaAccess.Service service : KafkaAccess.SERVICES) {
            for (KafkaAccess.Service other : KafkaAccess.SERVICES) {
                if (!other.equals(service)) {
                    assertRefused(service.user(), other.owns());
                }
            }
        }
    }

    @Test
    void theCountyReadsTheStreamsAndWritesNothing() throws Exception {
        String marker = send("task-service", "wangge.task");
        Map<String, Object> config = consumerConfig(KafkaAccess.COUNTY, KafkaAccess.COUNTY_GROUP_PREFIX + "-府库");
        try (KafkaConsumer<String, String> county = new KafkaConsumer<>(config)) {
            county.subscribe(List.of("wangge.task"));
            boolean seen = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen && System.nanoTime() < deadline) {
                for (var record : county.poll(Duration.ofMillis(200))) {
                    seen |= marker.equals(record.key());
                }
            }
            assertTrue(seen, "the county read wangge.task");
            county.commitSync(); // its own group prefix: allowed
        }
        for (String topic : List.of("wangge.grid", "wangge.task", "wangge.report", "wangge.points",
                "wangge.task.dlq")) {
            assertRefused(KafkaAccess.COUNTY, topic);
        }
    }

    @Test
    void theCountyNeitherReadsLettersNorJoinsAServicesGroup() {
        try (KafkaConsumer<String, String> county = new KafkaConsumer<>(consumerConfig(KafkaAccess.COUNTY, null))) {
            county.assign(List.of(new TopicPartition("wangge.task.dlq", 0)));
            county.seekToBeginning(List.of(new TopicPartition("wangge.task.dlq", 0)));
            assertThrows(TopicAuthorizationException.class, () -> county.poll(Duration.ofSeconds(10)));
        }
        try (KafkaConsumer<String, String> county = new KafkaConsumer<>(
                consumerConfig(KafkaAccess.COUNTY, "party-points-service"))) {
            county.subscribe(List.of("wangge.task"));
            assertThrows(GroupAuthorizationException.class, () -> county.poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void noCredentialsOrAWrongPasswordAreNotLetIn() {
        Map<String, Object> wrong = broker.client("task-service");
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"task-service\" password=\"猜的\";");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(wrong, "wangge.task"));
        assertInstanceOf(AuthenticationException.class, refused.getCause());

        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000));
        assertThrows(Exception.class, () -> send(anonymous, "wangge.task"),
                "a client without SASL is not served on the authenticated listener");
    }

    @Test
    void clientFilesWorkWithKafkasOwnTools() throws Exception {
        Properties county = new Properties();
        try (var reader = Files.newBufferedReader(broker.clientFiles().resolve("county.properties"),
                StandardCharsets.UTF_8)) {
            county.load(reader);
        }
        assertEquals(broker.client(KafkaAccess.COUNTY).get("sasl.jaas.config"), county.get("sasl.jaas.config"));
        assertEquals("SASL_PLAINTEXT", county.get("security.protocol"));
        String credentials = Files.readString(home.resolve("credentials.properties"));
        assertTrue(credentials.contains("task-service="), credentials);
    }

    private static String send(String user, String topic) throws Exception {
        return send(broker.client(user), topic);
    }

    private static String send(Map<String, Object> client, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "{\"名称\":\"长宁镇\"}")).get();
        }
        return key;
    }

    private static void assertRefused(String user, String topic) {
        Exception refused = assertThrows(Exception.class, () -> send(user, topic), user + " must not write " + topic);
        // a user with no write anywhere is refused the producer id itself (cluster), the others the topic; the
        // producer id's refusal reaches send() either through its future or, when the producer already knows it,
        // thrown by send() itself, so the cause is looked for along the chain
        Throwable cause = refused;
        while (cause != null && !(cause instanceof AuthorizationException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(AuthorizationException.class, cause, user + " → " + topic + ": " + refused);
    }

    private static Map<String, Object> consumerConfig(String user, String group) {
        Map<String, Object> config = broker.client(user);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return config;
    }
}
