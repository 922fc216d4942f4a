package io.wangge.task.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.task.ResidentCase;
import io.wangge.task.Supervision;
import io.wangge.task.SupervisionStep;
import io.wangge.task.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.wangge.platform.events.types.TaskTopic.SUPERVISION_CLOSED;
import static io.wangge.platform.events.types.TaskTopic.SUPERVISION_ESCALATED;
import static io.wangge.platform.events.types.TaskTopic.SUPERVISION_HANDLED;
import static io.wangge.platform.events.types.TaskTopic.SUPERVISION_OPENED;
import static io.wangge.platform.events.types.TaskTopic.SUPERVISION_TURNED_RED;

/**
 * 督办. A sweep driven by the injected clock keeps every supervision where its time limits put it, set-based, a
 * thousand at a time: work that is done is handled; an open task or case turns yellow its category's
 * {@code yellow_hours} before the deadline (or at three quarters of its time), red once past it; a red item climbs
 * to the parent node once it has stayed its level's {@code climb_hours}, the parent's lead taking it, and keeps
 * climbing while it stays red. Each step is a row of the supervision's path and an event on wangge.task.
 */
@ApplicationScoped
public class SupervisionService {

    private static final int CHUNK = 1000;
    private static final LifeCycle.Record SUPERVISION = new LifeCycle.Record("督办", "supervision");
    private static final String SYSTEM = "system";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    TaskAccess access;

    @Inject
    TaskService tasks;

    @Inject
    CaseService cases;

    @Inject
    GridReadModel grid;

    @Inject
    io.wangge.task.notice.NoticeService notices;

    // the intervals are read by the @Scheduled expressions; injecting the mapping is what registers it
    @Inject
    io.wangge.task.config.TaskConfig schedule;

    @Scheduled(every = "${wangge.task.supervision-check:60s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void supervisionCheck() {
        sweep();
    }

    /** What one sweep changed, by step. */
    public record Swept(int handled, int opened, int turnedRed, int escalated) {
    }

    /** Brings every supervision to where the clock puts it; returns how many took each step. */
    public Swept sweep() {
        Timestamp now = Timestamp.from(clock.instant());
        int handled = repeat("HANDLE", SUPERVISION_HANDLED, HANDLE, now);
        int opened = repeat("OPEN", SUPERVISION_OPENED, OPEN_FOR_TASKS, now)
                + repeat("OPEN", SUPERVISION_OPENED, OPEN_FOR_CASES, now);
        int red = repeat("RED", SUPERVISION_TURNED_RED, TURN_RED, now);
        int escalated = repeat("ESCALATE", SUPERVISION_ESCALATED, CLIMB, now);
        return new Swept(handled, opened, red, escalated);
    }

    /** Runs a step's statement chunk by chunk, each chunk in its own transaction with its path rows and events. */
    private int repeat(String action, String type, String statement, Timestamp now) {
        int total = 0;
        while (true) {
            int changed = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<UUID> ids = entityManager.createNativeQuery(statement)
                        .setParameter(1, now).setParameter(2, CHUNK).getResultList();
                if (!ids.isEmpty()) {
                    recorded(action, type, ids, null);
                }
                return ids.size();
            });
            total += changed;
            if (changed < CHUNK) {
                return total;
            }
        }
    }

    /** The path rows and the events of supervisions that just took a step. */
    private void recorded(String action, String type, List<UUID> ids, String note) {
        String array = Outbox.idArray(ids);
        entityManager.createNativeQuery("""
                        INSERT INTO supervision_step (supervision_id, action, color, status, node_id, node_name,
                                                      responsible_name, actor, at, note)
                        SELECT id, ?1, color, status, node_id, node_name, responsible_name, updated_by, updated_at,
                               CAST(?2 AS varchar)
                          FROM supervision WHERE id = ANY (CAST(?3 AS uuid[])) ORDER BY grid_path, id""")
                .setParameter(1, action).setParameter(2, note).setParameter(3, array)
                .executeUpdate();
        outbox.recordFromQuery(type, PAYLOADS, array);
        if (!action.equals("HANDLE") && !action.equals("CLOSE")) {
            notices.raiseForSupervisions(action, array);
        }
    }

    // ?1 = now, ?2 = the chunk size; each returns the ids it changed. The outer conditions are checked again on a
    // row another sweep changed meanwhile, so two sweeps at once never take the same step twice.
    private static final String HANDLE = """
            UPDATE supervision s SET status = 'HANDLED', handled_at = ?1, version = s.version + 1,
                                     updated_by = 'system', updated_at = ?1
             WHERE s.id IN (SELECT o.id FROM supervision o
                             WHERE o.status = 'OPEN'
                               AND (EXISTS (SELECT 1 FROM task t WHERE t.id = o.subject_id
                                               AND t.status IN ('COMPLETED', 'CANCELLED'))
                                    OR EXISTS (SELECT 1 FROM resident_case r WHERE r.id = o.subject_id
                                               AND r.status IN ('CLOSED', 'NOT_RESPONSIBLE')))
                             LIMIT ?2)
               AND s.status = 'OPEN'
            RETURNING s.id""";

    /** The columns the sweep fills when it opens supervisions, for an INSERT … SELECT of tasks or of cases. */
    private static final String OPEN_COLUMNS = """
            INSERT INTO supervision (id, subject_type, subject_id, title, category_code, grid_node_id, grid_path,
                                     node_id, node_name, node_level, origin, color, status, deadline_at, red_at,
                                     climbs, climbed_at, responsible_person_id, responsible_account_id,
                                     responsible_name, opened_by, opened_at, version, updated_by, updated_at)
            """;

    private static final String OPEN_FOR_TASKS = OPEN_COLUMNS + """
            SELECT gen_random_uuid(), 'TASK', t.id, t.title, t.category_code, t.node_id, t.node_path, t.node_id,
                   t.node_name, t.node_level, 'AUTO', CASE WHEN t.due_at <= ?1 THEN 'RED' ELSE 'YELLOW' END, 'OPEN',
                   t.due_at, CASE WHEN t.due_at <= ?1 THEN CAST(?1 AS timestamptz) END, 0, CASE WHEN t.due_at <= ?1 THEN CAST(?1 AS timestamptz) END,
                   t.assignee_person_id, t.assignee_account_id, t.assignee_name, 'system', ?1, 0, 'system', ?1
              FROM task t
              JOIN category c ON c.code = t.category_code
              LEFT JOIN supervision_limit l ON l.category_code = t.category_code AND l.level = t.node_level
             WHERE t.status NOT IN ('COMPLETED', 'CANCELLED')
               AND COALESCE(t.due_at - make_interval(hours => COALESCE(l.yellow_hours, c.yellow_hours)),
                            t.due_at - (t.due_at - t.created_at) / 4) <= ?1
               AND NOT EXISTS (SELECT 1 FROM supervision s WHERE s.subject_id = t.id AND s.origin = 'AUTO')
             ORDER BY t.due_at, t.id
             LIMIT ?2
            ON CONFLICT (subject_id) WHERE origin = 'AUTO' DO NOTHING
            RETURNING id""";

    private static final String OPEN_FOR_CASES = OPEN_COLUMNS + """
            SELECT gen_random_uuid(), 'CASE', r.id, left(r.description, 100), r.category_code, r.node_id,
                   r.node_path, r.node_id, r.node_name, r.level, 'AUTO',
                   CASE WHEN r.deadline_at <= ?1 THEN 'RED' ELSE 'YELLOW' END, 'OPEN', r.deadline_at,
                   CASE WHEN r.deadline_at <= ?1 THEN CAST(?1 AS timestamptz) END, 0, CASE WHEN r.deadline_at <= ?1 THEN CAST(?1 AS timestamptz) END,
                   lead.lead_person_id, lead.lead_account_id, lead.lead_name, 'system', ?1, 0, 'system', ?1
              FROM (SELECT r.*, COALESCE(%s, 'MICRO_GRID') AS level FROM resident_case r
                     WHERE r.status NOT IN ('CLOSED', 'NOT_RESPONSIBLE')) r
              JOIN category c ON c.code = r.category_code
              LEFT JOIN supervision_limit l ON l.category_code = r.category_code AND l.level = r.level
              LEFT JOIN %s lead ON true
             WHERE COALESCE(r.deadline_at - make_interval(hours => COALESCE(l.yellow_hours, c.yellow_hours)),
                            r.deadline_at - (r.deadline_at - COALESCE(r.reopened_at, r.reported_at)) / 4) <= ?1
               AND NOT EXISTS (SELECT 1 FROM supervision s WHERE s.subject_id = r.id AND s.origin = 'AUTO')
             ORDER BY r.deadline_at, r.id
             LIMIT ?2
            ON CONFLICT (subject_id) WHERE origin = 'AUTO' DO NOTHING
            RETURNING id""".formatted(GridReadModel.levelSql("r.node_id"), GridReadModel.leadSql("r.node_id"));

    private static final String TURN_RED = """
            UPDATE supervision s SET color = 'RED', red_at = ?1, climbed_at = ?1, version = s.version + 1,
                                     updated_by = 'system', updated_at = ?1
             WHERE s.id IN (SELECT o.id FROM supervision o
                             WHERE o.status = 'OPEN' AND o.color = 'YELLOW' AND o.deadline_at <= ?1
                             ORDER BY o.deadline_at LIMIT ?2)
               AND s.status = 'OPEN' AND s.color = 'YELLOW'
            RETURNING s.id""";

    // a red item at the county (the top of the work: nobody is posted above it) or at the root of the tree is not
    // taken further: it stays red where it is
    private static final String CLIMB = """
            WITH due AS (
                SELECT o.id, o.version, up.parent_id, up.parent_name, up.parent_level, lead.lead_person_id,
                       lead.lead_account_id, lead.lead_name
                  FROM supervision o
                  JOIN category c ON c.code = o.category_code
                  LEFT JOIN supervision_limit l ON l.category_code = o.category_code AND l.level = o.node_level
                  CROSS JOIN %s up
                  LEFT JOIN %s lead ON true
                 WHERE o.status = 'OPEN' AND o.color = 'RED'
                   AND up.parent_level NOT IN ('CITY', 'PROVINCE')
                   AND o.climbed_at + make_interval(hours => COALESCE(l.climb_hours, c.climb_hours)) <= ?1
                 ORDER BY o.climbed_at, o.id
                 LIMIT ?2)
            UPDATE supervision s SET node_id = due.parent_id, node_name = due.parent_name,
                                     node_level = due.parent_level, climbs = s.climbs + 1, climbed_at = ?1,
                                     responsible_person_id = due.lead_person_id,
                                     responsible_account_id = due.lead_account_id,
                                     responsible_name = due.lead_name, version = s.version + 1,
                                     updated_by = 'system', updated_at = ?1
              FROM due WHERE s.id = due.id AND s.version = due.version
            RETURNING s.id""".formatted(GridReadModel.parentSql("o.node_id"), GridReadModel.leadSql("up.parent_id"));

    /** A supervision's full state, the payload of each of its events. */
    private static final String PAYLOADS = """
            SELECT CAST(s.id AS text) AS aggregate_id, json_build_object(
                       'supervisionId', s.id, 'subjectType', s.subject_type, 'subjectId', s.subject_id,
                       'title', s.title, 'category', s.category_code, 'gridNodeId', s.grid_node_id,
                       'gridPath', s.grid_path, 'nodeId', s.node_id, 'nodeName', s.node_name,
                       'nodeLevel', s.node_level, 'origin', s.origin, 'color', s.color, 'status', s.status,
                       'deadlineAt', %s, 'redAt', %s, 'climbs', s.climbs,
                       'responsiblePersonId', s.responsible_person_id,
                       'responsibleAccountId', s.responsible_account_id, 'responsibleName', s.responsible_name,
                       'openedBy', s.opened_by, 'openedAt', %s, 'note', s.note,
                       'followUpResult', s.follow_up_result, 'followUpNote', s.follow_up_note,
                       'closedBy', s.closed_by, 'closedAt', %s, 'version', s.version, 'actor', s.updated_by,
                       'occurredAt', %s) #>> '{}' AS payload
              FROM supervision s WHERE s.id = ANY (CAST(? AS uuid[])) ORDER BY s.grid_path, s.id"""
            .formatted(EventTime.sql("s.deadline_at"), EventTime.sql("s.red_at"), EventTime.sql("s.opened_at"),
                    EventTime.sql("s.closed_at"), EventTime.sql("s.updated_at"));

    /** A superior's supervision of a task or case: held at its grid until the deadline they set. */
    public record Open(String subjectType, UUID subjectId, OffsetDateTime deadlineAt, String note) {
    }

    @Transactional
    public Supervision open(Open request) {
        if (request.subjectType() == null || request.subjectId() == null) {
            throw ProblemException.invalid("subjectId", "须指明督办的任务或案件 subjectType and subjectId are required");
        }
        if (request.note() == null || request.note().isBlank()) {
            throw ProblemException.invalid("note", "须写明督办事由 the reason for supervising is required");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (request.deadlineAt() == null || !request.deadlineAt().isAfter(now)) {
            throw ProblemException.invalid("deadlineAt", "督办期限须晚于现在 the deadline must be in the future");
        }
        Supervision s = new Supervision();
        if (Supervision.TASK.equals(request.subjectType())) {
            Task task = tasks.get(request.subjectId());
            requireSuperiorOf(task.gridPath(), doers(Supervision.TASK, task.id));
            if (task.status.isClosed()) {
                throw ProblemException.conflict("任务已结束，无需督办 the task is " + task.status);
            }
            s.title = task.title;
            s.categoryCode = task.categoryCode;
            s.gridNodeId = task.nodeId;
            s.gridPath = task.nodePath;
            s.nodeLevel = task.nodeLevel;
            s.nodeName = task.nodeName;
            s.responsiblePersonId = task.assigneePersonId;
            s.responsibleAccountId = task.assigneeAccountId;
            s.responsibleName = task.assigneeName;
        } else if (Supervision.CASE.equals(request.subjectType())) {
            ResidentCase matter = cases.get(request.subjectId());
            requireSuperiorOf(matter.gridPath(), doers(Supervision.CASE, matter.id));
            if (matter.status.isClosed()) {
                throw ProblemException.conflict("案件已办结，无需督办 the case is " + matter.status);
            }
            s.title = matter.description.length() > 100 ? matter.description.substring(0, 100) : matter.description;
            s.categoryCode = matter.categoryCode;
            s.gridNodeId = matter.nodeId;
            s.gridPath = matter.nodePath;
            s.nodeName = matter.nodeName;
            Object[] lead = lead(matter.nodeId);
            s.nodeLevel = (String) lead[0];
            s.responsiblePersonId = (UUID) lead[1];
            s.responsibleAccountId = (String) lead[2];
            s.responsibleName = (String) lead[3];
        } else {
            throw ProblemException.invalid("subjectType", "只能督办 TASK 或 CASE only a TASK or a CASE is supervised");
        }
        if (Supervision.count("subjectId = ?1 AND origin = 'MANUAL' AND status = 'OPEN'", request.subjectId()) > 0) {
            throw ProblemException.conflict("此事已在督办中 this is already under a superior's supervision");
        }
        s.id = UUID.randomUUID();
        s.subjectType = request.subjectType();
        s.subjectId = request.subjectId();
        s.nodeId = s.gridNodeId;
        s.origin = "MANUAL";
        s.color = "YELLOW";
        s.status = Supervision.OPEN;
        s.deadlineAt = request.deadlineAt();
        s.openedBy = access.actor();
        s.openedAt = now;
        s.note = request.note().trim();
        s.updatedBy = s.openedBy;
        s.updatedAt = now;
        s.persist();
        try {
            entityManager.flush();
        } catch (jakarta.persistence.PersistenceException e) {
            // another superior's supervision of the same work was committed meanwhile (supervision_manual_open)
            throw ProblemException.conflict("此事已在督办中 this is already under a superior's supervision");
        }
        recorded("OPEN", SUPERVISION_OPENED, List.of(s.id), s.note);
        return s;
    }

    /** The follow-up (回访) of handled work closes its supervision: by a superior, never by whoever did the work. */
    @Transactional
    public Supervision close(UUID id, String ifMatch, Supervision.FollowUp result, String note) {
        Supervision s = get(id);
        LifeCycle.step(SUPERVISION, s.status, s.version, ifMatch, "CLOSE", Set.of(Supervision.HANDLED));
        requireSuperiorOf(s.gridPath(), doers(s.subjectType, s.subjectId));
        // the follow-up comes from the level the item reached or above it, never from whoever holds it there
        GridReadModel.Node sits = grid.node(s.nodeId).orElse(null);
        if (sits == null || !access.isVisible(sits.path())) {
            throw ProblemException.forbidden("须由督办所到层级或其上级回访 the follow-up is for the level the item"
                    + " reached, or above it");
        }
        if (access.actor().equals(s.responsibleAccountId)) {
            throw ProblemException.forbidden("承办人不能回访自己承办的事 whoever holds the item does not follow it up");
        }
        if (result == null) {
            throw ProblemException.invalid("result",
                    "须填写回访结果 SATISFIED, BASICALLY_SATISFIED or DISSATISFIED is required");
        }
        if (note == null || note.isBlank()) {
            throw ProblemException.invalid("note", "须填写回访情况 the follow-up note is required");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        s.status = Supervision.CLOSED;
        s.followUpResult = result.name();
        s.followUpNote = note.trim();
        s.closedBy = access.actor();
        s.closedAt = now;
        s.updatedBy = s.closedBy;
        s.updatedAt = now;
        entityManager.flush();
        // the version the flush gave it is the one the event and the ETag carry
        recorded("CLOSE", SUPERVISION_CLOSED, List.of(s.id), s.followUpNote);
        entityManager.refresh(s);
        return s;
    }

    public Supervision get(UUID id) {
        Supervision s = Supervision.findById(id);
        if (s == null || !access.isVisible(s.gridPath())) {
            throw ProblemException.notFound("督办", id);
        }
        return s;
    }

    public List<SupervisionStep> path(UUID id) {
        return SupervisionStep.list("supervisionId = ?1 ORDER BY id", get(id).id);
    }

    /** Supervisions of the work in the caller's place, optionally under a node, by colour and status; reddest first. */
    public Page<Supervision> list(UUID nodeId, String color, String status, String subjectType, PageRequest page) {
        Where where = new Where().within("gridPath", access.restrictingPaths());
        if (nodeId != null) {
            where.inSubtree("gridPath", access.visibleNode(nodeId).path());
        }
        TaskService.optional(where, "color = ?", color);
        TaskService.optional(where, "status = ?", status);
        TaskService.optional(where, "subjectType = ?", subjectType);
        // RED sorts before YELLOW: the reddest first, then the nearest deadline
        return page.list(Supervision.class, "s", where, "color, deadlineAt, id", Function.identity());
    }

    /** Counts by colour of the open supervisions under a node: the 督办 figures of a place. */
    public Map<String, Long> openCounts(UUID nodeId) {
        var path = access.visibleNode(nodeId).path();
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("YELLOW", 0L, "RED", 0L));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT color, count(*) FROM supervision
                         WHERE status = 'OPEN' AND grid_path >= ?1 AND grid_path < ?2 GROUP BY color""")
                .setParameter(1, path.value()).setParameter(2, path.subtreeUpperBound()).getResultList();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    private void requireSuperiorOf(io.wangge.platform.security.GridPath grid, Set<String> doers) {
        access.requireAbove(grid, "须由上级网格的干部督办 only a cadre of an upper node supervises");
        if (doers.contains(access.actor())) {
            throw ProblemException.forbidden("不能督办自己的工作 nobody supervises their own work");
        }
    }

    /** Whoever did the supervised work: the task's assignee; the case's reporter and its handler. */
    private static Set<String> doers(String subjectType, UUID subjectId) {
        Set<String> doers = new java.util.HashSet<>();
        if (Supervision.TASK.equals(subjectType)) {
            Task task = Task.findById(subjectId);
            if (task != null && task.assigneeAccountId != null) {
                doers.add(task.assigneeAccountId);
            }
        } else {
            ResidentCase matter = ResidentCase.findById(subjectId);
            if (matter != null) {
                doers.add(matter.reportedBy);
                if (matter.handler != null) {
                    doers.add(matter.handler);
                }
            }
        }
        return doers;
    }

    /** A node's level and its lead: {level, person id, account id, name}. */
    private Object[] lead(UUID nodeId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("SELECT COALESCE(" + GridReadModel.levelSql("?1")
                        + ", 'MICRO_GRID'), lead.lead_person_id, lead.lead_account_id, lead.lead_name FROM (SELECT 1) x"
                        + " LEFT JOIN " + GridReadModel.leadSql("?1") + " lead ON true")
                .setParameter(1, nodeId).getResultList();
        return rows.isEmpty() ? new Object[] {"MICRO_GRID", null, null, null} : rows.get(0);
    }

    private GridReadModel.Node visibleNode(UUID nodeId) {
        GridReadModel.Node node = grid.node(nodeId).orElse(null);
        if (node == null || !access.isVisible(node.path())) {
            throw ProblemException.notFound("网格", nodeId);
        }
        return node;
    }
}
