package io.wangge.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AsyncAPI document and the schema files describe each other exactly. */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventContract contract = EventContract.load();

    @Test
    void listsTheFourTopics() {
        assertEquals(Set.of("wangge.grid", "wangge.task", "wangge.report", "wangge.points"), contract.topics());
    }

    @Test
    void everySchemaFileIsInTheDocumentAndEveryTypeHasItsFile() throws IOException, URISyntaxException {
        Path schemas = Path.of(getClass().getClassLoader().getResource("contracts/schemas").toURI());
        Set<String> files;
        try (Stream<Path> list = Files.list(schemas)) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> referenced = contract.definitions().values().stream()
                .map(d -> d.schemaResource().substring(d.schemaResource().lastIndexOf('/') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, referenced);
        contract.definitions().forEach((type, definition) ->
                assertEquals(type + ".json", definition.schemaResource().substring(
                        definition.schemaResource().lastIndexOf('/') + 1), "schema file is named after its type"));
    }

    @Test
    void typesFollowTheNamingRuleAndTheirOwnersTopic() {
        assertFalse(contract.definitions().isEmpty());
        contract.definitions().forEach((type, definition) -> {
            assertTrue(EventContract.TYPE_PATTERN.matcher(type).matches(), type);
            assertTrue(contract.topics().contains(definition.topic()));
        });
    }

    @Test
    void validatesData() throws IOException {
        JsonNode good = JSON.readTree("""
                {"nodeId": "8a6f2f0e-4b1c-4d8e-9a57-2b0c1d9e7f10", "code": "610431101", "name": "长宁镇",
                 "level": "TOWN", "parentId": null, "path": "/8a6f2f0e-4b1c-4d8e-9a57-2b0c1d9e7f10/", "depth": 1,
                 "status": "ACTIVE", "version": 0, "changedBy": "admin", "changedAt": "2026-11-27T09:00:00+08:00"}
                """);
        assertEquals(Set.of(), contract.violations("wangge.node.created.v1", good));

        JsonNode bad = JSON.readTree("""
                {"nodeId": "8a6f2f0e-4b1c-4d8e-9a57-2b0c1d9e7f10", "code": "6104", "name": "长宁镇",
                 "level": "PROVINCE", "path": "/x/", "status": "ACTIVE", "version": 0}
                """);
        assertFalse(contract.violations("wangge.node.created.v1", bad).isEmpty());
        assertThrows(ContractViolationException.class, () -> contract.validate("wangge.node.created.v1", bad));
        assertThrows(ContractViolationException.class, () -> contract.require("wangge.node.vanished.v1"));
    }

    @Test
    void aTimeWithoutSecondsIsNoDateTime() throws IOException {
        String node = """
                {"nodeId": "8a6f2f0e-4b1c-4d8e-9a57-2b0c1d9e7f10", "code": "610431101", "name": "长宁镇",
                 "level": "TOWN", "parentId": null, "path": "/8a6f2f0e-4b1c-4d8e-9a57-2b0c1d9e7f10/", "depth": 1,
                 "status": "ACTIVE", "version": 0, "changedBy": "admin", "changedAt": "%s"}
                """;
        OffsetDateTime sharp = OffsetDateTime.parse("2026-11-27T18:00:00+08:00");
        assertEquals("2026-11-27T18:00+08:00", sharp.toString(), "what toString() would have published");
        assertFalse(contract.violations("wangge.node.created.v1", JSON.readTree(node.formatted(sharp))).isEmpty());
        assertEquals("2026-11-27T18:00:00+08:00", EventTime.format(sharp));
        assertEquals("2026-11-28T02:00:00+08:00", EventTime.format(sharp.withOffsetSameInstant(ZoneOffset.UTC)
                .plusHours(8)), "written in Asia/Shanghai, whatever offset it came with");
        assertEquals(Set.of(), contract.violations("wangge.node.created.v1",
                JSON.readTree(node.formatted(EventTime.format(sharp)))));
    }

    @Test
    void everyTopicNamesItsOwner() {
        Map<String, String> owners = new TreeMap<>();
        contract.definitions().values().forEach(d -> owners.put(d.topic(), d.owner()));
        assertEquals(Map.of("wangge.grid", "/wangge/grid-service", "wangge.task", "/wangge/task-service",
                "wangge.report", "/wangge/report-service", "wangge.points", "/wangge/party-points-service"), owners);
    }
}
