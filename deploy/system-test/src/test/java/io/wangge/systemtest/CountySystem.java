package io.wangge.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A county system reading Wangge's topics as any outsider would: a plain Kafka consumer and the published contract
 * (the AsyncAPI document and its JSON Schemas), nothing else of the project. Every record is checked against the
 * contract as it arrives: the CloudEvents headers of the binary mode, the type allowed on its topic, the data
 * against the type's schema, the record key present.
 */
final class CountySystem implements AutoCloseable {

    /**
     * One event as received, with what was wrong with it (nothing, for a valid one) and the trace it belongs to
     * (its {@code traceparent} header, if any).
     */
    record Event(String topic, String key, String id, String type, String subject, JsonNode data,
                 List<String> problems, String traceparent) {

        /** The trace id of its traceparent, or null. */
        String traceId() {
            return traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Set<String>> typesByTopic = new HashMap<>();
    private final Map<String, JsonSchema> schemas = new HashMap<>();
    private final Map<String, Map<String, Object>> headerRules = new LinkedHashMap<>();
    private final List<String> requiredHeaders = new ArrayList<>();
    private final List<Event> received = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    /** {@code client}: the broker address and the read-only county user's credentials the local run hands out. */
    CountySystem(Path contracts, Map<String, Object> client) throws IOException {
        readContract(contracts);
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "county-system-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.copyOf(typesByTopic.keySet()));
        poller = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        Event event = check(record);
                        synchronized (received) {
                            received.add(event);
                        }
                    }
                }
            }
        }, "county-system");
        poller.setDaemon(true);
        poller.start();
    }

    /** The topics the contract names. */
    Set<String> topics() {
        return typesByTopic.keySet();
    }

    List<Event> events(Predicate<Event> which) {
        synchronized (received) {
            return received.stream().filter(which).toList();
        }
    }

    List<Event> ofType(String type) {
        return events(e -> e.type().equals(type));
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        poller.join(10_000);
    }

    private Event check(ConsumerRecord<String, String> record) {
        List<String> problems = new ArrayList<>();
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(),
                    StandardCharsets.UTF_8));
        }
        for (String required : requiredHeaders) {
            if (headers.get(required) == null || headers.get(required).isBlank()) {
                problems.add("no " + required + " header");
            }
        }
        headerRules.forEach((name, rule) -> {
            Object constant = rule.get("const");
            if (constant != null && headers.containsKey(name) && !constant.equals(headers.get(name))) {
                problems.add(name + " is " + headers.get(name) + ", not " + constant);
            }
        });
        String type = headers.get("ce_type");
        Set<String> allowed = typesByTopic.getOrDefault(record.topic(), Set.of());
        if (!allowed.contains(type)) {
            problems.add(type + " is not a message of " + record.topic());
        }
        if (record.key() == null || record.key().isBlank()) {
            problems.add("no record key");
        }
        JsonNode data = null;
        try {
            data = JSON.readTree(record.value());
            JsonSchema schema = schemas.get(type);
            if (schema != null) {
                for (ValidationMessage message : schema.validate(data)) {
                    problems.add(message.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add("data is not JSON: " + e.getMessage());
        }
        try {
            OffsetDateTime.parse(headers.getOrDefault("ce_time", ""));
        } catch (DateTimeParseException e) {
            problems.add("ce_time is not a date-time: " + headers.get("ce_time"));
        }
        return new Event(record.topic(), record.key(), headers.get("ce_id"), type, headers.get("ce_subject"), data,
                problems, headers.get("traceparent"));
    }

    private void readContract(Path contracts) throws IOException {
        JsonNode asyncApi = new YAMLMapper().readTree(contracts.resolve("asyncapi.yaml").toFile());
        JsonNode components = asyncApi.path("components");
        JsonNode trait = components.path("messageTraits").path("cloudEvent").path("headers");
        trait.path("required").forEach(name -> requiredHeaders.add(name.asText()));
        trait.path("properties").fields().forEachRemaining(field -> headerRules.put(field.getKey(),
                JSON.convertValue(field.getValue(), Map.class)));
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        asyncApi.path("channels").forEach(channel -> {
            if (channel.path("x-dead-letters").asBoolean()) {
                return; // operators' channels: a county system reads the four event channels only
            }
            Set<String> types = new HashSet<>();
            channel.path("messages").forEach(ref -> {
                String name = ref.path("$ref").asText().substring("#/components/messages/".length());
                JsonNode message = components.path("messages").path(name);
                String type = message.path("name").asText();
                types.add(type);
                Path schema = contracts.resolve(message.path("payload").path("$ref").asText());
                try {
                    schemas.put(type, factory.getSchema(Files.readString(schema, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            typesByTopic.put(channel.path("address").asText(), types);
        });
    }
}
