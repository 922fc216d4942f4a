package io.wangge.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wangge.platform.events.EventContract;
import io.wangge.platform.events.EventTime;
import io.wangge.devstack.DevstackTestResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes wangge.grid events the way grid-service does (schema-valid CloudEvents, keyed by aggregate id), so a
 * consuming service's tests build its read model from the contract alone, not from grid-service's code. Every time
 * it writes comes from the test's clock; {@link #send} names the owner of the type's topic as the source.
 */
public final class GridFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A producer per topic owner, each with that service's broker credentials. */
    private final Map<String, KafkaProducer<String, String>> producers = new java.util.HashMap<>();
    private final EventContract contract = EventContract.load();
    private final Clock clock;
    private String traceparent;

    /** A feed whose events carry times from {@code clock} (the test's injected clock). */
    public GridFeed(Clock clock) {
        this.clock = clock;
    }

    /** The producer of the service that owns a topic ({@code /wangge/grid-service} → user grid-service). */
    private synchronized KafkaProducer<String, String> producerOf(String owner) {
        return producers.computeIfAbsent(owner, o -> {
            Map<String, Object> config = DevstackTestResource.kafkaClient(o.substring(o.lastIndexOf('/') + 1));
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            return new KafkaProducer<>(config);
        });
    }

    /** A node as grid-service holds it. */
    public record Node(UUID id, String code, String name, String level, Node parent, String path, int depth) {

        public Node child(String code, String name, String level) {
            UUID child = UUID.randomUUID();
            return new Node(child, code, name, level, this, path + child + "/", depth + 1);
        }

        public static Node root(String code, String name, String level) {
            UUID id = UUID.randomUUID();
            return new Node(id, code, name, level, null, "/" + id + "/", 1);
        }
    }

    /** Publishes that a node moved to where {@code moved} is (same id, new parent and path) from {@code before}. */
    public String moved(Node moved, Node before, long version) {
        Map<String, Object> data = state(moved, version);
        data.put("previousParentId", before.parent() == null ? null : before.parent().id());
        data.put("previousPath", before.path());
        data.put("movedRootId", moved.id());
        return send("wangge.node.moved.v1", moved.id(), data, UUID.randomUUID().toString());
    }

    /** Publishes the node's state; returns the event id. */
    public String node(String type, Node node, long version) {
        return send(type, node.id(), state(node, version), UUID.randomUUID().toString());
    }

    private Map<String, Object> state(Node node, long version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("nodeId", node.id());
        data.put("code", node.code());
        data.put("name", node.name());
        data.put("level", node.level());
        data.put("parentId", node.parent() == null ? null : node.parent().id());
        data.put("path", node.path());
        data.put("depth", node.depth());
        data.put("status", "ACTIVE");
        data.put("version", version);
        data.put("changedBy", "grid-feed");
        data.put("changedAt", EventTime.format(OffsetDateTime.now(clock)));
        return data;
    }

    public String node(Node node) {
        return node("wangge.node.created.v1", node, 0);
    }

    /** Publishes an active assignment of a person to the node; returns the assignment id. */
    public UUID assign(Node node, String accountId, String personName, String role, boolean primary) {
        UUID assignment = UUID.randomUUID();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("assignmentId", assignment);
        data.put("personId", UUID.nameUUIDFromBytes(("person:" + accountId).getBytes(StandardCharsets.UTF_8)));
        data.put("accountId", accountId);
        data.put("personName", personName);
        data.put("partyMember", true);
        data.put("partyBranch", node.name() + "党支部");
        data.put("nodeId", node.id());
        data.put("nodePath", node.path());
        data.put("nodeLevel", node.level());
        data.put("role", role);
        data.put("primary", primary);
        data.put("validFrom", LocalDate.now(clock).withDayOfYear(1).toString());
        data.put("validTo", null);
        data.put("status", "ACTIVE");
        data.put("version", 0);
        data.put("changedBy", "grid-feed");
        data.put("changedAt", EventTime.format(OffsetDateTime.now(clock)));
        send("wangge.assignment.started.v1", assignment, data, UUID.randomUUID().toString());
        return assignment;
    }

    /** A party branch as grid-service publishes it with its members: an id, a name, the node it belongs to. */
    public record Branch(UUID id, String name, Node node) {

        /** The branch of the node (one per node), with an id derived from the node's. */
        public static Branch of(Node node, String name) {
            return new Branch(UUID.nameUUIDFromBytes(("branch:" + node.id()).getBytes(StandardCharsets.UTF_8)),
                    name, node);
        }
    }

    /**
     * Publishes a person with the id {@link #assign} gives the account's person, in the branch if a party member;
     * returns that id.
     */
    public UUID person(String accountId, String name, boolean partyMember, Branch branch, long version) {
        UUID person = UUID.nameUUIDFromBytes(("person:" + accountId).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("personId", person);
        data.put("name", name);
        data.put("accountId", accountId);
        data.put("phoneMasked", "139****5678");
        data.put("partyMember", partyMember);
        boolean inBranch = partyMember && branch != null;
        data.put("partyBranch", inBranch ? branch.name() : null);
        data.put("partyBranchId", inBranch ? branch.id() : null);
        data.put("partyBranchNodeId", inBranch ? branch.node().id() : null);
        data.put("status", "ACTIVE");
        data.put("version", version);
        data.put("changedBy", "grid-feed");
        data.put("changedAt", EventTime.format(OffsetDateTime.now(clock)));
        send("wangge.person.changed.v1", person, data, UUID.randomUUID().toString());
        return person;
    }

    /** Publishes a visit of a household of the micro-grid by the account's person; returns the visit id. */
    public UUID visited(Node microGrid, String visitorAccount, LocalDate visitedOn) {
        return visited(microGrid, visitorAccount, visitedOn, UUID.randomUUID(), UUID.randomUUID().toString());
    }

    /** A visit of a given id under a given event id (the same visit again under a new id: a replayed topic). */
    public UUID visited(Node microGrid, String visitorAccount, LocalDate visitedOn, UUID visit, String eventId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("visitId", visit);
        data.put("householdId", UUID.nameUUIDFromBytes(("household:" + microGrid.id()).getBytes(StandardCharsets.UTF_8)));
        data.put("microGridId", microGrid.id());
        data.put("microGridPath", microGrid.path());
        data.put("visitorPersonId", UUID.nameUUIDFromBytes(("person:" + visitorAccount)
                .getBytes(StandardCharsets.UTF_8)));
        data.put("visitedOn", visitedOn.toString());
        data.put("recordedBy", visitorAccount);
        data.put("recordedAt", EventTime.format(OffsetDateTime.now(clock)));
        send("wangge.household.visited.v1", visit, data, eventId);
        return visit;
    }

    /** Sends the events after this in the trace of {@code traceparent}, as a traced producer does (null: none). */
    public GridFeed inTrace(String traceparent) {
        this.traceparent = traceparent;
        return this;
    }

    /** Sends a schema-checked CloudEvent with the given id (repeat an id to simulate redelivery). */
    public String send(String type, UUID key, Map<String, Object> data, String eventId) {
        try {
            sendLater(type, key, data, eventId).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + type, e);
        }
        return eventId;
    }

    /** Hands the event to the producer without waiting for the broker (benchmarks feed thousands); see {@link #flush}. */
    public java.util.concurrent.Future<?> sendLater(String type, UUID key, Map<String, Object> data, String eventId) {
        JsonNode tree = JSON.valueToTree(data);
        contract.validate(type, tree);
        EventContract.EventDefinition definition = contract.require(type);
        ProducerRecord<String, String> record = new ProducerRecord<>(definition.topic(), key.toString(),
                tree.toString());
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId);
        header(record, "ce_type", type);
        header(record, "ce_source", definition.owner());
        header(record, "ce_time", EventTime.format(OffsetDateTime.now(clock)));
        header(record, "content-type", "application/json");
        if (traceparent != null) {
            header(record, "traceparent", traceparent);
        }
        return producerOf(definition.owner()).send(record);
    }

    /** Waits until every event handed over has reached the broker. */
    public synchronized void flush() {
        producers.values().forEach(KafkaProducer::flush);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void close() {
        producers.values().forEach(KafkaProducer::close);
    }
}
