package io.wangge.platform.kernel;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.devstack.DeadLetters;
import io.wangge.devstack.DevstackTestResource;
import io.wangge.devstack.KafkaAccess;
import io.wangge.platform.inbox.Inbox;
import io.wangge.platform.config.WanggeConfig;
import io.wangge.platform.testing.EventTap;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feeds wangge.grid with a plain producer, as another service or a replay would, and watches the effects. */
@QuarkusTest
class InboxTest {

    @Inject
    EntityManager entityManager;

    @Inject
    Inbox inbox;

    @Inject
    WanggeConfig config;

    @Test
    void sameEventDeliveredThreeTimesHasOneEffect() {
        UUID node = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(cloudEvent(eventId, node, nodeJson(node, "马家村"))).get();
            }
            String marker = UUID.randomUUID().toString();
            producer.send(cloudEvent(marker, node, nodeJson(node, "马家村（后）"))).get();
            awaitEffects(node, 2);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of("马家村", "马家村（后）"), effectNames(node));
    }

    @Test
    void poisonMessageGoesToDeadLetterTopicAndTheNextOneIsStillHandled() throws Exception {
        UUID poisoned = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        UUID malformed = UUID.randomUUID();
        UUID badTime = UUID.randomUUID();
        String poisonId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(cloudEvent(poisonId, poisoned, nodeJson(poisoned, TestEffectConsumer.POISON))).get();
            producer.send(cloudEvent(UUID.randomUUID().toString(), malformed, "{not json")).get();
            // a time no parser reads: once enough to stop the connector's own CloudEvents reader for good
            ProducerRecord<String, String> yesterday = cloudEvent(UUID.randomUUID().toString(), badTime,
                    nodeJson(badTime, "昨天村"));
            yesterday.headers().remove("ce_time").add("ce_time", bytes("昨天上午"));
            producer.send(yesterday).get();
            producer.send(cloudEvent(UUID.randomUUID().toString(), healthy, nodeJson(healthy, "薛家村"))).get();
        }
        awaitEffects(healthy, 1);
        assertEquals(List.of("薛家村"), effectNames(healthy));
        assertEquals(List.of(), effectNames(poisoned));
        assertEquals(List.of(), effectNames(badTime));

        try (EventTap dlq = EventTap.on("wangge.grid.dlq")) {
            ConsumerRecord<String, String> letter = dlq.await(EventTap.keyed(poisoned), 1).get(0);
            assertEquals(poisonId, EventTap.header(letter, "ce_id"), "the original envelope is kept");
            assertEquals(TestEffectConsumer.CONSUMER, EventTap.header(letter, Inbox.DLQ_CONSUMER));
            assertEquals("3", EventTap.header(letter, Inbox.DLQ_ATTEMPTS), "retried as configured, then parked");
            assertTrue(EventTap.header(letter, Inbox.DLQ_ERROR).contains("无法处理"));
            assertTrue(letter.value().contains(TestEffectConsumer.POISON));
            assertEquals(0, inboxRows(poisonId), "a dead-lettered event is not handled: re-driven, it applies");

            ConsumerRecord<String, String> unparseable = dlq.await(EventTap.keyed(malformed), 1).get(0);
            assertEquals("0", EventTap.header(unparseable, Inbox.DLQ_ATTEMPTS), "malformed data is not retried");
            assertTrue(EventTap.header(unparseable, Inbox.DLQ_ERROR).contains("not JSON"));

            ConsumerRecord<String, String> untimely = dlq.await(EventTap.keyed(badTime), 1).get(0);
            assertTrue(EventTap.header(untimely, Inbox.DLQ_ERROR).contains("ce_time"));
        }
    }

    @Test
    void onlyTheOwnersSchemaValidEventsOfKnownTypesAreApplied() throws Exception {
        UUID forged = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        UUID misplaced = UUID.randomUUID();
        UUID healthy = UUID.randomUUID();
        String ignoredId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            ProducerRecord<String, String> attacker = cloudEvent(UUID.randomUUID().toString(), forged,
                    nodeJson(forged, "伪造村"));
            attacker.headers().remove("ce_source").add("ce_source", bytes("/forged/attacker"));
            producer.send(attacker).get();
            producer.send(cloudEvent(UUID.randomUUID().toString(), broken,
                    "{\"nodeId\": \"" + broken + "\", \"name\": \"缺字段村\"}")).get();
            ProducerRecord<String, String> future = cloudEvent(UUID.randomUUID().toString(), unknown,
                    nodeJson(unknown, "未来村"));
            future.headers().remove("ce_type").add("ce_type", bytes("wangge.node.updated.v9"));
            producer.send(future).get();
            ProducerRecord<String, String> wrongTopic = cloudEvent(UUID.randomUUID().toString(), misplaced,
                    nodeJson(misplaced, "错投村"));
            wrongTopic.headers().remove("ce_type").add("ce_type", bytes("wangge.task.completed.v1"));
            producer.send(wrongTopic).get();
            // a type this consumer has no effect for: acknowledged without a write
            ProducerRecord<String, String> other = cloudEvent(ignoredId, healthy, nodeJson(healthy, "不相干"));
            other.headers().remove("ce_type").add("ce_type", bytes("wangge.node.created.v1"));
            producer.send(other).get();
            producer.send(cloudEvent(UUID.randomUUID().toString(), healthy, nodeJson(healthy, "真实村"))).get();
        }
        awaitEffects(healthy, 1);
        assertEquals(List.of("真实村"), effectNames(healthy));
        try (EventTap dlq = EventTap.on("wangge.grid.dlq")) {
            assertTrue(reason(dlq, forged).contains("source /forged/attacker is not the owner of wangge.grid"));
            assertTrue(reason(dlq, broken).contains("data breaks the schema of wangge.node.updated.v1"));
            assertTrue(reason(dlq, unknown).contains("unknown event type wangge.node.updated.v9"));
            assertTrue(reason(dlq, misplaced).contains("does not belong on wangge.grid"));
        }
        for (UUID refused : List.of(forged, broken, unknown, misplaced)) {
            assertEquals(List.of(), effectNames(refused));
        }
        assertEquals(0, inboxRows(ignoredId), "an event without effect is not written down");
    }

    @Test
    void aDeadLetterReDrivenOnceItsCauseIsFixedAppliesOnce() throws Exception {
        UUID node = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        TestEffectConsumer.FAILING.add("暂缺村");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(cloudEvent(eventId, node, nodeJson(node, "暂缺村"))).get();
        }
        try (EventTap dlq = EventTap.on("wangge.grid.dlq")) {
            dlq.await(EventTap.keyed(node), 1);
        }
        assertEquals(List.of(), effectNames(node));

        TestEffectConsumer.FAILING.remove("暂缺村"); // the cause is fixed
        Map<String, Object> client = DevstackTestResource.kafkaClient(KafkaAccess.ADMIN);
        assertEquals(1, DeadLetters.redrive(client, "wangge.grid", Set.of(eventId)));
        awaitEffects(node, 1);
        DeadLetters.redrive(client, "wangge.grid", Set.of(eventId)); // twice by mistake
        assertTrue(DeadLetters.redrive(client, "wangge.grid", Set.of()) >= 1, "all letters not re-driven before");
        awaitEffects(node, 1);
        assertEquals(List.of("暂缺村"), effectNames(node), "applied once");
    }

    @Test
    void aForgedLetterIsNeverReDrivenOntoTheOwnersTopic() throws Exception {
        UUID forged = UUID.randomUUID();
        String forgedId = UUID.randomUUID().toString();
        // the same stranger again, claiming a type the contract does not have: forged all the same
        UUID strange = UUID.randomUUID();
        String strangeId = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            ProducerRecord<String, String> attacker = cloudEvent(forgedId, forged, nodeJson(forged, "冒名村"));
            attacker.headers().remove("ce_source").add("ce_source", bytes("/forged/attacker"));
            producer.send(attacker).get();
            ProducerRecord<String, String> unknown = cloudEvent(strangeId, strange, nodeJson(strange, "冒名村"));
            unknown.headers().remove("ce_source").add("ce_source", bytes("/forged/attacker"));
            unknown.headers().remove("ce_type").add("ce_type", bytes("wangge.node.updated.v9"));
            producer.send(unknown).get();
        }
        try (EventTap dlq = EventTap.on("wangge.grid.dlq")) {
            assertEquals("forged", EventTap.header(dlq.await(EventTap.keyed(forged), 1).get(0), Inbox.DLQ_KIND));
            assertEquals("forged", EventTap.header(dlq.await(EventTap.keyed(strange), 1).get(0), Inbox.DLQ_KIND));
        }
        Map<String, Object> client = DevstackTestResource.kafkaClient(KafkaAccess.ADMIN);
        assertEquals(0, DeadLetters.redrive(client, "wangge.grid", Set.of(forgedId, strangeId)),
                "not even when named");
        DeadLetters.redrive(client, "wangge.grid", Set.of());
        try (EventTap grid = EventTap.on("wangge.grid")) {
            assertEquals(1, grid.await(EventTap.keyed(forged), 2, Duration.ofSeconds(3), Duration.ofMillis(300))
                    .size(), "the topic holds the attacker's record only, no operator's copy of it");
        }
        assertEquals(List.of(), effectNames(forged));
    }

    @Test
    void aVersionedConsumerIsGivenEachIdOnceAndClaimsNone() {
        UUID node = UUID.randomUUID();
        String twice = UUID.randomUUID().toString();
        String once = UUID.randomUUID().toString();
        List<ConsumerRecord<String, String>> batch = List.of(record(twice, node, "马家村", 0),
                record(once, node, "马家村（后）", 1), record(twice, node, "马家村", 2));
        List<String> given = new ArrayList<>();
        Map<Inbox.Outcome, Integer> outcomes = inbox.handle(Inbox.Consumer.versioned("kernel-test.versioned",
                Set.of("wangge.node.updated.v1"), events -> events.forEach(e -> given.add(e.id()))), batch);
        assertEquals(List.of(twice, once), given, "in their order, the repeated id at its first place only");
        assertEquals(Map.of(Inbox.Outcome.APPLIED, 2, Inbox.Outcome.DUPLICATE, 1), outcomes);
        assertEquals(0, inboxRows(twice) + inboxRows(once), "no id claimed: the effect is exact by version");

        // the same records to a claiming consumer: claimed, and a second delivery is a duplicate
        Inbox.Consumer claiming = Inbox.Consumer.each("kernel-test.claiming", Set.of("wangge.node.updated.v1"),
                event -> given.add(event.id()));
        assertEquals(Map.of(Inbox.Outcome.APPLIED, 2, Inbox.Outcome.DUPLICATE, 1), inbox.handle(claiming, batch));
        assertEquals(Map.of(Inbox.Outcome.DUPLICATE, 3), inbox.handle(claiming, batch));
        assertEquals(2, inboxRows(twice) + inboxRows(once));
    }

    @Test
    void aBatchThatLosesARaceToAnotherWriterRunsAgainWholeAndNothingIsDeadLettered() {
        UUID node = UUID.randomUUID();
        List<Integer> sizes = new ArrayList<>();
        Map<Inbox.Outcome, Integer> outcomes = inbox.handle(new Inbox.Consumer("kernel-test.race-" + node,
                Set.of("wangge.node.updated.v1"), events -> {
            sizes.add(events.size());
            if (sizes.size() <= 2) {
                throw deadlock();
            }
        }), twoUpdates(node, "马家村"));
        assertEquals(List.of(2, 2, 2), sizes, "twice lost, then applied whole: never split");
        assertEquals(Map.of(Inbox.Outcome.APPLIED, 2), outcomes, "nothing dead-lettered");
    }

    @Test
    void aBatchThatKeepsLosingRacesRetriesWholeAFewTimesInAllNotAgainInEveryHalf() {
        UUID node = UUID.randomUUID();
        List<Integer> sizes = new ArrayList<>();
        Map<Inbox.Outcome, Integer> outcomes = inbox.handle(new Inbox.Consumer("kernel-test.races-" + node,
                Set.of("wangge.node.updated.v1"), events -> {
            sizes.add(events.size());
            throw deadlock();
        }), twoUpdates(node, "薛家村"));
        // the whole batch once and 5 times again; then each record its attempts, no new round of races each
        assertEquals(6, Collections.frequency(sizes, 2), sizes.toString());
        assertEquals(2 * config.inbox().maxAttempts(), Collections.frequency(sizes, 1), sizes.toString());
        assertEquals(Map.of(Inbox.Outcome.DEAD_LETTERED, 2), outcomes);
    }

    /** Two updates of one node, as a poll batch brings them: the name, then the name changed again. */
    private static List<ConsumerRecord<String, String>> twoUpdates(UUID node, String name) {
        return List.of(record(UUID.randomUUID().toString(), node, name, 0),
                record(UUID.randomUUID().toString(), node, name + "（后）", 1));
    }

    /** What a lost race looks like from an effect: PostgreSQL's deadlock, wrapped. */
    private static IllegalStateException deadlock() {
        return new IllegalStateException(new SQLException("deadlock detected", "40P01"));
    }

    private static ConsumerRecord<String, String> record(String id, UUID node, String name, long offset) {
        ProducerRecord<String, String> event = cloudEvent(id, node, nodeJson(node, name));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(event.topic(), 0, offset,
                org.apache.kafka.clients.consumer.ConsumerRecord.NO_TIMESTAMP,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE, -1, -1, event.key(), event.value(),
                event.headers(), java.util.Optional.empty());
        return record;
    }

    private static String reason(EventTap dlq, UUID key) {
        return EventTap.header(dlq.await(EventTap.keyed(key), 1).get(0), Inbox.DLQ_ERROR);
    }

    private long inboxRows(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM inbox_event WHERE event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue());
    }

    /** Waits for the consumer to produce the effects, then checks that no more (a duplicate) follow. */
    private void awaitEffects(UUID node, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> effectNames(node).size() >= count);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> effectNames(node).size() == count);
    }

    @SuppressWarnings("unchecked")
    private List<String> effectNames(UUID node) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) entityManager
                .createNativeQuery("SELECT name FROM test_effect WHERE node_id = ?1 ORDER BY name")
                .setParameter(1, node).getResultList());
    }

    private KafkaProducer<String, String> producer() {
        // grid-service's credentials: the broker lets it write wangge.grid, whatever source its records claim
        Map<String, Object> config = DevstackTestResource.kafkaClient("grid-service");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    private static ProducerRecord<String, String> cloudEvent(String id, UUID key, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>("wangge.grid", key.toString(), json);
        record.headers().add("ce_specversion", bytes("1.0"));
        record.headers().add("ce_id", bytes(id));
        record.headers().add("ce_type", bytes("wangge.node.updated.v1"));
        record.headers().add("ce_source", bytes("/wangge/grid-service"));
        record.headers().add("ce_time", bytes("2026-11-27T09:00:00+08:00"));
        record.headers().add("content-type", bytes("application/json"));
        return record;
    }

    /** A node's full state, as the contract requires of node.updated. */
    private static String nodeJson(UUID node, String name) {
        return """
                {"nodeId": "%s", "code": "610431101201", "name": "%s", "level": "VILLAGE", "parentId": null,
                 "path": "/%s/", "depth": 1, "status": "ACTIVE", "version": 1, "changedBy": "grid-admin",
                 "changedAt": "2026-11-27T09:00:00+08:00"}""".formatted(node, name, node);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
