package io.wangge.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.events.types.PointsTopic;
import io.wangge.platform.events.types.ReportTopic;
import io.wangge.platform.events.types.TaskTopic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed event declarations match the AsyncAPI contract: types per topic, owners, and every record field. */
class EventTypesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventContract contract = EventContract.load();

    @Test
    void eachTopicClassDeclaresExactlyTheContractsTypesAndOwner() throws Exception {
        for (Class<?> topic : List.of(GridTopic.class, TaskTopic.class, ReportTopic.class, PointsTopic.class)) {
            String name = (String) topic.getField("TOPIC").get(null);
            String owner = (String) topic.getField("OWNER").get(null);
            Set<String> declared = new TreeSet<>();
            for (Field field : topic.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                        && EventContract.TYPE_PATTERN.matcher((String) field.get(null)).matches()) {
                    declared.add((String) field.get(null));
                }
            }
            Set<String> published = contract.definitions().values().stream()
                    .filter(definition -> definition.topic().equals(name))
                    .map(EventContract.EventDefinition::type).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(published, declared, topic.getSimpleName());
            published.forEach(type -> assertEquals(owner, contract.require(type).owner(), type));
        }
    }

    @Test
    void everyRecordFieldIsAPropertyOfTheSchemasItIsReadFrom() throws IOException {
        Map<Class<?>, Set<String>> readFrom = Map.of(
                GridTopic.Node.class, GridTopic.NODE_STATES,
                GridTopic.Assignment.class, GridTopic.ASSIGNMENT_STATES,
                GridTopic.Person.class, Set.of(GridTopic.PERSON_CHANGED),
                TaskTopic.TaskState.class, TaskTopic.TASK_STATES,
                TaskTopic.KeyWorkDispatched.class, Set.of(TaskTopic.KEY_WORK_DISPATCHED),
                ReportTopic.Report.class, ReportTopic.REPORT_STATES);
        for (Map.Entry<Class<?>, Set<String>> entry : readFrom.entrySet()) {
            for (String type : entry.getValue()) {
                JsonNode properties = schema(type).path("properties");
                for (RecordComponent component : entry.getKey().getRecordComponents()) {
                    assertTrue(properties.has(component.getName()), entry.getKey().getSimpleName() + "."
                            + component.getName() + " is not a property of " + type);
                }
            }
        }
        JsonNode phase = schema(TaskTopic.KEY_WORK_DISPATCHED).at("/properties/phases/items/properties");
        Arrays.stream(TaskTopic.Phase.class.getRecordComponents())
                .forEach(c -> assertTrue(phase.has(c.getName()), "Phase." + c.getName()));
    }

    @Test
    void aTaskEventReadsAsItsStateWithTheOffsetItWasWrittenWith() throws IOException {
        UUID task = UUID.randomUUID();
        JsonNode data = JSON.readTree("""
                {"taskId":"%s","itemId":"%s","phaseId":null,"title":"安全生产大排查","category":"SAFETY_PRODUCTION",
                 "nodeId":"%s","nodePath":"/a/b/","nodeName":"长宁镇一网格","nodeLevel":"MICRO_GRID",
                 "assigneePersonId":null,"status":"COMPLETED","dueAt":"2026-12-31T23:59:59+08:00","overdue":false,
                 "completedAt":"2027-01-01T00:00:00+08:00","onTime":false,"version":7,"actor":"x",
                 "occurredAt":"2027-01-01T00:00:00+08:00"}""".formatted(task, UUID.randomUUID(), UUID.randomUUID()));
        InboundEvent event = new InboundEvent("e1", TaskTopic.TASK_COMPLETED, TaskTopic.OWNER, null, null,
                task.toString(), TaskTopic.TOPIC, data);
        TaskTopic.TaskState state = event.as(TaskTopic.TaskState.class);
        assertEquals(task, state.taskId());
        assertEquals("长宁镇一网格", state.nodeName());
        assertEquals(OffsetDateTime.parse("2027-01-01T00:00:00+08:00"), state.completedAt(),
                "the Shanghai offset is kept: the deed's day is read off it");
        assertEquals(Boolean.FALSE, state.onTime());
        assertEquals(7, state.version());

        InboundEvent broken = new InboundEvent("e2", TaskTopic.TASK_COMPLETED, TaskTopic.OWNER, null, null, "k",
                TaskTopic.TOPIC, JSON.readTree("{\"taskId\":\"不是编号\"}"));
        assertThrows(ContractViolationException.class, () -> broken.as(TaskTopic.TaskState.class));
    }

    private JsonNode schema(String type) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(contract.require(type)
                .schemaResource())) {
            return JSON.readTree(in);
        }
    }
}
