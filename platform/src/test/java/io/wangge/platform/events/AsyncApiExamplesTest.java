package io.wangge.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event message of the contract shows a county system one example of itself (长宁镇's week of winter fire-safety
 * checks), and each example is what its message promises: data valid against the message's schema, CloudEvents
 * headers valid against the trait, of the message's type, from the one source its channel accepts.
 */
class AsyncApiExamplesTest {

    private static final String DOCUMENT = "/contracts/asyncapi.yaml";
    private static final String MESSAGES = "#/components/messages/";
    /** A refused record as it arrived: no event of the contract, so no example of one. */
    private static final String DEAD_LETTER = "deadLetter";
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][A-Za-z0-9]*");
    /** As {@link EventContract} reads the schemas: a date-time must be RFC 3339, a uuid a uuid. */
    private static final SchemaValidatorsConfig STRICT =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private static JsonNode document;
    private static JsonSchema headersSchema;
    private static final Map<String, JsonSchema> payloadSchemas = new HashMap<>();

    @BeforeAll
    static void readTheContract() throws IOException {
        try (InputStream in = resource(DOCUMENT)) {
            document = new YAMLMapper().readTree(in);
        }
        JsonNode headers = document.at("/components/messageTraits/cloudEvent/headers");
        assertTrue(headers.isObject(), "the cloudEvent trait has its headers schema");
        headersSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(headers, STRICT);
    }

    @Test
    void everyEventMessageHasAnExample() {
        Map<String, JsonNode> messages = eventMessages();
        assertTrue(messages.size() >= 40, "every event type is a message: " + messages.size());
        List<String> without = new ArrayList<>();
        messages.forEach((key, message) -> {
            if (message.path("examples").size() == 0) {
                without.add(key);
            }
        });
        assertEquals(List.of(), without, "messages without an example");
    }

    @Test
    void everyExampleIsValidAgainstItsSchemaAndComesFromItsOwner() {
        List<String> problems = new ArrayList<>();
        Set<String> eventIds = new HashSet<>();
        eventMessages().forEach((key, message) -> {
            Set<String> names = new HashSet<>();
            for (JsonNode example : message.path("examples")) {
                problems.addAll(problems(key, message, example));
                String name = example.path("name").asText();
                if (!names.add(name)) {
                    problems.add(key + "/" + name + ": two examples of one name");
                }
                String eventId = example.path("headers").path(CloudEventHeaders.ID).asText();
                if (!eventIds.add(eventId)) {
                    problems.add(key + "/" + name + ": ce_id " + eventId + " is another example's (one per event)");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void theDeadLetterExampleCarriesWhatTheInboxWrites() {
        JsonNode letter = document.at(MESSAGES.substring(1) + DEAD_LETTER);
        JsonNode example = letter.path("examples").path(0);
        assertTrue(example.path("payload").isObject(), "a dead letter's example shows the record it refused");
        JsonSchema headers = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(letter.path("headers"), STRICT);
        assertEquals(Set.of(), messages(headers.validate(example.path("headers"))));
        for (String name : List.of(io.wangge.platform.inbox.Inbox.DLQ_ERROR, io.wangge.platform.inbox.Inbox.DLQ_KIND,
                io.wangge.platform.inbox.Inbox.DLQ_CONSUMER, io.wangge.platform.inbox.Inbox.DLQ_ORIGIN,
                io.wangge.platform.inbox.Inbox.DLQ_ATTEMPTS, io.wangge.platform.inbox.Inbox.DLQ_EXCEPTION)) {
            assertTrue(letter.path("headers").path("properties").has(name), "the document describes " + name);
        }
        ObjectNode unknownKind = example.path("headers").deepCopy();
        unknownKind.put(io.wangge.platform.inbox.Inbox.DLQ_KIND, "lost");
        assertFalse(messages(headers.validate(unknownKind)).isEmpty(), "a kind the inbox never writes is refused");
        assertTrue(messages(headersSchema.validate(example.path("headers"))).isEmpty(),
                "the refused record's own CloudEvents headers are kept as they arrived");
    }

    @Test
    void theCheckFindsAMissingFieldAndAForgedSource() {
        JsonNode message = eventMessages().get("taskCompleted");
        JsonNode example = message.path("examples").path(0);
        assertEquals(List.of(), problems("taskCompleted", message, example), "the example as written is valid");

        ObjectNode withoutOnTime = example.deepCopy();
        ((ObjectNode) withoutOnTime.get("payload")).remove("onTime");
        List<String> missing = problems("taskCompleted", message, withoutOnTime);
        assertFalse(missing.isEmpty(), "a completed task without its on-time flag breaks the schema");
        assertTrue(missing.stream().anyMatch(p -> p.contains("onTime")), missing.toString());

        ObjectNode forged = example.deepCopy();
        ((ObjectNode) forged.get("headers")).put(CloudEventHeaders.SOURCE, "/forged/attacker");
        List<String> foreign = problems("taskCompleted", message, forged);
        assertFalse(foreign.isEmpty(), "a task event from anyone but task-service is refused");
        assertTrue(foreign.stream().anyMatch(p -> p.contains("/forged/attacker")), foreign.toString());

        ObjectNode mistyped = example.deepCopy();
        ((ObjectNode) mistyped.get("headers")).put(CloudEventHeaders.TYPE, "wangge.task.returned.v1");
        ((ObjectNode) mistyped.get("headers")).put(CloudEventHeaders.TIME, "2026-12-05T09:10+08:00");
        assertTrue(problems("taskCompleted", message, mistyped).size() >= 2,
                "another message's type and a time without seconds are each a problem");
    }

    @Test
    void theDocumentWithItsExamplesIsValidAsyncApi300() throws IOException {
        JsonSchema asyncApi;
        try (InputStream in = resource("/asyncapi/asyncapi-3.0.0.schema.json")) {
            asyncApi = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        assertEquals(Set.of(), asyncApi.validate(document), "valid against the AsyncAPI 3.0.0 schema");
        // and it looks at the examples: a messageExample holds name, summary, headers and payload, nothing else
        ObjectNode broken = document.deepCopy();
        ((ObjectNode) broken.at("/components/messages/taskCompleted/examples/0")).put("key", "the task id");
        assertFalse(asyncApi.validate(broken).isEmpty(), "an example with a field AsyncAPI does not know");
    }

    /**
     * What is wrong with one example of a message, each problem named by message and example: its data against the
     * message's payload schema, its headers against the cloudEvent trait, its type against the message's name, its
     * source against the owner of the channel that carries the message; empty when nothing is.
     */
    static List<String> problems(String key, JsonNode message, JsonNode example) {
        String where = key + "/" + example.path("name").asText("(no name)");
        List<String> problems = new ArrayList<>();
        if (!CAMEL_CASE.matcher(example.path("name").asText()).matches()) {
            problems.add(where + ": the example's name is not camelCase");
        }
        if (example.path("summary").asText().isBlank()) {
            problems.add(where + ": no summary");
        }

        JsonNode payload = example.path("payload");
        if (!payload.isObject()) {
            problems.add(where + ": no payload written out");
        } else if (payload.has("$ref")) {
            problems.add(where + ": the payload is a reference, not written out");
        } else {
            for (String violation : messages(payloadSchema(message).validate(payload))) {
                problems.add(where + " payload: " + violation);
            }
        }

        JsonNode headers = example.path("headers");
        if (!headers.isObject()) {
            problems.add(where + ": no headers");
            return problems;
        }
        for (String violation : messages(headersSchema.validate(headers))) {
            problems.add(where + " headers: " + violation);
        }
        String type = headers.path(CloudEventHeaders.TYPE).asText();
        if (!type.equals(message.path("name").asText())) {
            problems.add(where + ": ce_type " + type + " is not the message's name " + message.path("name").asText());
        }
        String source = headers.path(CloudEventHeaders.SOURCE).asText();
        Set<String> owners = ownersOf(key);
        if (owners.size() != 1) {
            problems.add(where + ": not carried by exactly one owned channel, but by owners " + owners);
        } else if (!owners.contains(source)) {
            problems.add(where + ": ce_source " + source + " is not " + owners.iterator().next()
                    + ", the owner of the channel that carries it");
        }
        String id = headers.path(CloudEventHeaders.ID).asText();
        try {
            if (!UUID.fromString(id).toString().equals(id)) {
                problems.add(where + ": ce_id " + id + " is not a UUID as the outbox writes one (lowercase)");
            }
        } catch (IllegalArgumentException e) {
            problems.add(where + ": ce_id " + id + " is not a UUID");
        }
        String time = headers.path(CloudEventHeaders.TIME).asText();
        try {
            String written = EventTime.format(OffsetDateTime.parse(time));
            if (!written.equals(time)) {
                problems.add(where + ": ce_time " + time + " is not as the relay writes it (" + written + ")");
            }
        } catch (DateTimeParseException e) {
            problems.add(where + ": ce_time " + time + " is no ISO date-time");
        }
        return problems;
    }

    private static Set<String> messages(Set<ValidationMessage> violations) {
        Set<String> messages = new TreeSet<>();
        violations.forEach(v -> messages.add(v.getMessage()));
        return messages;
    }

    /** The messages of the contract that are events, by their key under components/messages, in document order. */
    private static Map<String, JsonNode> eventMessages() {
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.at("/components/messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> message = it.next();
            if (!message.getKey().equals(DEAD_LETTER)) {
                messages.put(message.getKey(), message.getValue());
            }
        }
        return messages;
    }

    /** The x-owner of every channel whose messages reference this one (an event message has exactly one). */
    private static Set<String> ownersOf(String key) {
        Set<String> owners = new TreeSet<>();
        for (JsonNode channel : document.path("channels")) {
            for (JsonNode reference : channel.path("messages")) {
                if (reference.path("$ref").asText().equals(MESSAGES + key)) {
                    owners.add(channel.path("x-owner").asText("(none)"));
                }
            }
        }
        return owners;
    }

    /** The message's payload schema, read from beside the document on the classpath (draft 2020-12). */
    private static JsonSchema payloadSchema(JsonNode message) {
        String ref = message.path("payload").path("$ref").asText();
        return payloadSchemas.computeIfAbsent(ref, r -> {
            try (InputStream in = resource("/contracts/" + r)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, STRICT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AsyncApiExamplesTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("not on the classpath: " + name);
        }
        return in;
    }
}
