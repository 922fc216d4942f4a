package io.wangge.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The published event contract, read from {@code contracts/asyncapi.yaml} and the JSON Schemas it references.
 * It is the single source of which event types exist, which topic each goes to, and what its data must hold;
 * the outbox refuses any type the contract does not describe.
 */
public final class EventContract {

    public static final String ASYNCAPI_RESOURCE = "contracts/asyncapi.yaml";
    public static final Pattern TYPE_PATTERN = Pattern.compile("wangge\\.[a-z][a-z-]*\\.[a-z][a-z-]*\\.v[1-9][0-9]*");

    /**
     * One event type: where it is published, the CloudEvents source of the one service that owns that topic
     * (the channel's {@code x-owner}), and the schema of its data.
     */
    public record EventDefinition(String type, String topic, String owner, String schemaResource,
                                  JsonSchema schema) {
    }

    private static volatile EventContract loaded;

    private final Map<String, EventDefinition> definitions;
    private final Set<String> topics;
    private final Map<String, String> owners;

    private EventContract(Map<String, EventDefinition> definitions, Set<String> topics) {
        this.definitions = Collections.unmodifiableMap(definitions);
        this.topics = Collections.unmodifiableSet(topics);
        // asked of every record a consumer reads: looked up, not searched for
        Map<String, String> owners = new java.util.HashMap<>();
        definitions.values().forEach(definition -> owners.put(definition.topic(), definition.owner()));
        this.owners = Map.copyOf(owners);
    }

    /** The contract shipped in the platform jar, read once. */
    public static EventContract load() {
        EventContract contract = loaded;
        if (contract == null) {
            synchronized (EventContract.class) {
                if (loaded == null) {
                    loaded = read(ASYNCAPI_RESOURCE);
                }
                contract = loaded;
            }
        }
        return contract;
    }

    static EventContract read(String asyncApiResource) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode doc;
        try (InputStream in = resource(asyncApiResource)) {
            doc = yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + asyncApiResource, e);
        }
        String base = asyncApiResource.substring(0, asyncApiResource.lastIndexOf('/') + 1);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        // 2020-12 makes "format" an annotation only; the contract means it: a date-time is RFC 3339, a uuid a uuid
        SchemaValidatorsConfig strict = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonNode componentMessages = doc.path("components").path("messages");

        Map<String, EventDefinition> definitions = new LinkedHashMap<>();
        Set<String> topics = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> channels = doc.path("channels").fields(); channels.hasNext(); ) {
            JsonNode channel = channels.next().getValue();
            String topic = channel.path("address").asText();
            if (channel.path("x-dead-letters").asBoolean()) {
                continue; // refused records as they arrived, for operators: no event type of the contract
            }
            String owner = channel.path("x-owner").asText();
            if (!owner.startsWith("/wangge/")) {
                throw new IllegalStateException("channel " + topic + " names no owner (x-owner: /wangge/<service>)");
            }
            topics.add(topic);
            for (JsonNode messageRef : channel.path("messages")) {
                JsonNode message = resolve(componentMessages, messageRef.path("$ref").asText(), messageRef);
                String type = message.path("name").asText();
                if (!TYPE_PATTERN.matcher(type).matches()) {
                    throw new IllegalStateException(
                            "event type does not follow wangge.<aggregate>.<event>.vN: " + type);
                }
                String schemaResource = base + message.path("payload").path("$ref").asText();
                JsonSchema schema;
                try (InputStream in = resource(schemaResource)) {
                    schema = factory.getSchema(in, strict);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read schema " + schemaResource, e);
                }
                if (definitions.put(type, new EventDefinition(type, topic, owner, schemaResource, schema)) != null) {
                    throw new IllegalStateException("event type listed twice in the contract: " + type);
                }
            }
        }
        return new EventContract(definitions, topics);
    }

    private static JsonNode resolve(JsonNode componentMessages, String ref, JsonNode inline) {
        String prefix = "#/components/messages/";
        if (ref.isEmpty()) {
            return inline;
        }
        if (!ref.startsWith(prefix) || !componentMessages.has(ref.substring(prefix.length()))) {
            throw new IllegalStateException("unresolvable message reference in the contract: " + ref);
        }
        return componentMessages.get(ref.substring(prefix.length()));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in == null) {
            in = EventContract.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new IOException("not on the classpath: " + name);
        }
        return in;
    }

    public Map<String, EventDefinition> definitions() {
        return definitions;
    }

    public Set<String> topics() {
        return topics;
    }

    /** The source that owns a topic (its channel's {@code x-owner}), or null for a topic the contract does not have. */
    public String ownerOf(String topic) {
        return owners.get(topic);
    }

    /** The definition of a type, or a {@link ContractViolationException} if the contract does not describe it. */
    public EventDefinition require(String type) {
        EventDefinition definition = definitions.get(type);
        if (definition == null) {
            throw new ContractViolationException("event type " + type + " is not in " + ASYNCAPI_RESOURCE);
        }
        return definition;
    }

    /** Problems of this data against its type's schema; empty when it conforms. */
    public Set<String> violations(String type, JsonNode data) {
        return require(type).schema().validate(data).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Throws unless the data conforms to its type's schema. */
    public void validate(String type, JsonNode data) {
        Set<String> violations = violations(type, data);
        if (!violations.isEmpty()) {
            throw new ContractViolationException(type + " data breaks its schema: " + violations);
        }
    }
}
