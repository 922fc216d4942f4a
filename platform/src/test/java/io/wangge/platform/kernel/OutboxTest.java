package io.wangge.platform.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.devstack.DevstackTestResource.InjectInfrastructure;
import io.wangge.devstack.Infrastructure;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class OutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestNodeService service;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @InjectInfrastructure
    Infrastructure infrastructure;

    @Test
    void committedEventReachesKafkaAsCloudEvent() throws Exception {
        try (EventTap tap = EventTap.on("wangge.grid")) {
            long committed = System.nanoTime();
            TestNode node = service.create("610431101", "长宁镇", "TOWN", "town-admin-1");

            List<ConsumerRecord<String, String>> records = tap.await(EventTap.keyed(node.id), 1);
            System.out.printf("outbox: commit → visible on Kafka in %d ms%n",
                    (System.nanoTime() - committed) / 1_000_000);

            assertEquals(1, records.size());
            ConsumerRecord<String, String> record = records.get(0);
            JsonNode data = ContractAssertions.assertConforms(record);
            assertEquals("wangge.node.created.v1", EventTap.header(record, "ce_type"));
            assertEquals("/wangge/grid-service", EventTap.header(record, "ce_source"), "the owner of wangge.grid");
            assertEquals("长宁镇", data.path("name").asText());
            assertEquals("town-admin-1", data.path("changedBy").asText());
        }
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        UUID id = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> service.createThenFail(id, "tester"));
        service.recordRename(id, "之后的事件");

        try (EventTap tap = EventTap.on("wangge.grid")) {
            List<ConsumerRecord<String, String>> records = tap.await(EventTap.keyed(id), 1);
            // The later, committed event arrived: an earlier rolled-back one would have been ahead of it.
            assertEquals(1, records.size());
            assertEquals("wangge.node.updated.v1", EventTap.header(records.get(0), "ce_type"));
        }
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?1")
                .setParameter(1, id.toString()).getSingleResult()).longValue());
        assertEquals(0, rows, "the committed event left the outbox once published; the rolled-back one never entered");
    }

    @Test
    void refusesToRecordOutsideATransaction() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> outbox.record(OutgoingEvent.of("wangge.node.updated.v1", UUID.randomUUID(), Map.of())));
        assertTrue(refused.getMessage().contains("transaction"));
    }

    @Test
    void refusesTypesTheContractDoesNotDescribe() {
        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                outbox.record(OutgoingEvent.of("wangge.node.exploded.v1", UUID.randomUUID(), Map.of()))));
        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                outbox.record(OutgoingEvent.of("wangge.node.updated.v1", UUID.randomUUID(), Map.of("name", 42)))));
    }

    @Test
    void eventsCommittedWhileKafkaIsDownArePublishedOnceInOrderWhenItReturns() {
        List<UUID> aggregates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            aggregates.add(UUID.randomUUID());
        }
        infrastructure.stopKafka();
        try {
            for (int seq = 0; seq < 20; seq++) {
                for (UUID aggregate : aggregates) {
                    service.recordRename(aggregate, "第" + seq + "次");
                }
            }
        } finally {
            infrastructure.startKafka();
        }

        try (EventTap tap = EventTap.on("wangge.grid")) {
            List<ConsumerRecord<String, String>> records = tap.await(
                    r -> aggregates.contains(UUID.fromString(r.key())), 200,
                    Duration.ofSeconds(90), Duration.ofSeconds(1));

            Map<String, Long> perId = records.stream()
                    .collect(Collectors.groupingBy(r -> EventTap.header(r, "ce_id"), Collectors.counting()));
            assertEquals(200, perId.size(), "every committed event was published");
            assertTrue(perId.values().stream().allMatch(n -> n == 1), "no event was published twice");

            Map<String, List<Integer>> order = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                String name = readName(record);
                order.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(Integer.parseInt(name.substring(1, name.length() - 1)));
            }
            for (Map.Entry<String, List<Integer>> entry : order.entrySet()) {
                List<Integer> expected = entry.getValue().stream().sorted().toList();
                assertEquals(expected, entry.getValue(), "events of " + entry.getKey() + " arrive in commit order");
                assertEquals(20, entry.getValue().size());
            }
        }
    }

    @Test
    void aRowKafkaRefusesIsParkedAndTheRowsBehindItKeepFlowing() {
        UUID huge = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        service.recordBoundary(huge, 60_000); // about 2.4 MB of GeoJSON: over the producer's 1 MiB
        service.recordRename(next, "后来的事件");
        try (EventTap tap = EventTap.on("wangge.grid")) {
            assertEquals(1, tap.await(EventTap.keyed(next), 1).size(), "the row behind the refused one is published");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(huge) == 1);
        String reason = QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT park_reason FROM outbox_event WHERE aggregate_id = ?1").setParameter(1, huge.toString())
                .getSingleResult());
        assertTrue(reason.contains("RecordTooLargeException"), reason);
        // a record too large can never be taken: parked at its first refusal, with no back-off for the rows behind
        assertTrue(reason.startsWith("after 1 attempt: "), reason);
        given().get("/q/metrics").then().body(containsString("wangge_outbox_parked"));
    }

    private long parked(UUID aggregate) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ?1 AND parked_at IS NOT NULL")
                .setParameter(1, aggregate.toString()).getSingleResult()).longValue());
    }

    private static String readName(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).path("name").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
