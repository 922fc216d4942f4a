package io.wangge.platform.kernel;

import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Business operations of the test app, each writing its state change and its event in one transaction. */
@ApplicationScoped
public class TestNodeService {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional
    public TestNode create(String code, String name, String level, String actor) {
        if (TestNode.count("code", code) > 0) {
            throw ProblemException.conflict("编码 " + code + " 已存在 code already exists");
        }
        TestNode node = new TestNode();
        node.id = UUID.randomUUID();
        node.code = code;
        node.name = name;
        node.level = level;
        node.createdBy = actor;
        node.persist();
        outbox.record(OutgoingEvent.of("wangge.node.created.v1", node.id, state(node, actor)));
        return node;
    }

    @Transactional
    public TestNode rename(UUID id, String name, String ifMatch, String actor) {
        TestNode node = TestNode.<TestNode>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("网格", id));
        Preconditions.requireMatch(ifMatch, node.version);
        node.name = name;
        TestNode.flush(); // the event carries the version the update gets
        outbox.record(OutgoingEvent.of("wangge.node.updated.v1", node.id, state(node, actor)));
        return node;
    }

    /** Records an event and then fails, so the transaction rolls back. */
    @Transactional
    public void createThenFail(UUID id, String actor) {
        TestNode node = new TestNode();
        node.id = id;
        node.code = "610431101299";
        node.name = "回滚村";
        node.level = "VILLAGE";
        node.createdBy = actor;
        node.persist();
        outbox.record(OutgoingEvent.of("wangge.node.created.v1", node.id, state(node, actor)));
        throw new IllegalStateException("失败：回滚 rolled back on purpose");
    }

    /** A node.updated event with the given name, without touching the table (for ordering tests). */
    @Transactional
    public void recordRename(UUID id, String name) {
        TestNode node = new TestNode();
        node.id = id;
        node.code = "610431101201";
        node.name = name;
        node.level = "VILLAGE";
        outbox.record(OutgoingEvent.of("wangge.node.updated.v1", id, state(node, "tester")));
    }

    /** A node.updated event carrying a boundary of {@code points} coordinates: past a few ten thousand, too large. */
    @Transactional
    public void recordBoundary(UUID id, int points) {
        TestNode node = new TestNode();
        node.id = id;
        node.code = "610431101202";
        node.name = "边界村";
        node.level = "VILLAGE";
        Map<String, Object> state = state(node, "tester");
        List<List<Double>> ring = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            ring.add(List.of(108.2 + i * 1e-7, 34.3 + i * 1e-7));
        }
        state.put("boundary", Map.of("type", "Polygon", "coordinates", List.of(ring)));
        outbox.record(OutgoingEvent.of("wangge.node.updated.v1", id, state));
    }

    Map<String, Object> state(TestNode node, String actor) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nodeId", node.id);
        state.put("code", node.code);
        state.put("name", node.name);
        state.put("level", node.level);
        state.put("parentId", null);
        state.put("path", GridPath.root(node.id).value());
        state.put("depth", 1);
        state.put("status", "ACTIVE");
        state.put("version", node.version);
        state.put("changedBy", actor);
        state.put("changedAt", OffsetDateTime.now(clock));
        return state;
    }
}
