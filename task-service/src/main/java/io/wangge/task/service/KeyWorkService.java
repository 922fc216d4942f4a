package io.wangge.task.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import io.wangge.task.Category;
import io.wangge.task.GridNodeView;
import io.wangge.task.KeyWorkItem;
import io.wangge.task.KeyWorkPhase;
import io.wangge.task.Task;
import io.wangge.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Key-work items: prepared as drafts, cast into the net in one dispatch, followed by their progress. */
@ApplicationScoped
public class KeyWorkService {

    static final int LISTED_UNASSIGNED = 200;
    private static final int JDBC_BATCH = 1000;

    @Inject
    TaskAccess access;

    @Inject
    TaskEvents events;

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /** What an item asks for. */
    public record Draft(String title, String categoryCode, String description, List<String> checklist,
                        List<UUID> scopeNodeIds, String targetLevel, String assigneeRole, OffsetDateTime dueAt,
                        KeyWorkItem.Recurrence recurrence, List<PhaseDraft> phases) {
    }

    /** A phase with its own due time. */
    public record PhaseDraft(String name, OffsetDateTime dueAt) {
    }

    /** A grid that got its task without a primary responsible person. */
    public record Unassigned(UUID nodeId, String name) {
    }

    /** What a dispatch did (the same answer for a retried dispatch). */
    public record Dispatch(UUID itemId, int taskCount, int unassignedCount, List<Unassigned> unassignedGrids) {
    }

    @Transactional
    public KeyWorkItem create(Draft draft) {
        List<GridNodeView> roots = validate(draft);
        access.requireKeyWorkAdmin(roots.stream().map(GridNodeView::gridPath).toList());
        OffsetDateTime now = OffsetDateTime.now(clock);
        KeyWorkItem item = new KeyWorkItem();
        item.id = UUID.randomUUID();
        apply(item, draft);
        item.createdBy = access.actor();
        item.createdAt = now;
        item.updatedBy = item.createdBy;
        item.updatedAt = now;
        item.persist();
        replacePhases(item, draft.phases());
        return item;
    }

    public KeyWorkItem get(UUID id) {
        KeyWorkItem item = KeyWorkItem.findById(id);
        if (item == null || !visible(item)) {
            throw ProblemException.notFound("重点工作", id);
        }
        return item;
    }

    public List<KeyWorkPhase> phases(UUID itemId) {
        return KeyWorkPhase.list("itemId = ?1 ORDER BY seq", itemId);
    }

    @Transactional
    public KeyWorkItem update(UUID id, String ifMatch, Draft draft) {
        KeyWorkItem item = get(id);
        Preconditions.requireMatch(ifMatch, item.version);
        if (item.status != KeyWorkItem.Status.DRAFT) {
            throw new ProblemException(io.wangge.platform.rest.Problem.of(io.wangge.platform.rest.ProblemType.CONFLICT,
                    "只有草稿可以修改 only a draft can be edited").withCurrent(Map.of("status", item.status)));
        }
        List<GridNodeView> roots = validate(draft);
        access.requireKeyWorkAdmin(roots.stream().map(GridNodeView::gridPath).toList());
        apply(item, draft);
        item.updatedBy = access.actor();
        item.updatedAt = OffsetDateTime.now(clock);
        replacePhases(item, draft.phases());
        return item;
    }

    public Page<KeyWorkItem> list(KeyWorkItem.Status status, String category, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (status != null) {
            parameters.add(status);
            query.append(" AND status = ?").append(parameters.size());
        }
        if (category != null) {
            parameters.add(category);
            query.append(" AND categoryCode = ?").append(parameters.size());
        }
        List<GridPath> restricting = access.restrictingPaths();
        List<KeyWorkItem> all = KeyWorkItem.list(query + " ORDER BY createdAt DESC, id", parameters.toArray());
        List<KeyWorkItem> visible = restricting == null ? all : all.stream().filter(this::visible).toList();
        int from = Math.min(page.offset(), visible.size());
        int to = Math.min(from + page.size, visible.size());
        return new Page<>(visible.subList(from, to), page.page, page.size, visible.size());
    }

    /**
     * Creates every task of the item at once from the grid read model: one per (phase, grid of the target level
     * under the scope), assigned to that grid's primary person for the item's role, or unassigned and listed.
     * Rows and events go in JDBC batches, so 100,000 grids are a few hundred round trips. Dispatching twice
     * returns the first dispatch's result.
     */
    @Transactional
    public Dispatch dispatch(UUID itemId) {
        KeyWorkItem item = get(itemId);
        List<GridNodeView> roots = GridNodeView.list("id IN ?1", item.scopeNodeIds);
        access.requireKeyWorkAdmin(roots.stream().map(GridNodeView::gridPath).toList());
        if (item.status != KeyWorkItem.Status.DRAFT) {
            return dispatched(item);
        }
        return cast(item, roots, access.actor());
    }

    /**
     * Casts the next occurrence of every recurring item whose current occurrence is due: a copy due one period
     * later (phases shifted alike), dispatched at once. Runs on a schedule; tests move the clock and call it.
     */
    @Transactional
    public int rollRecurring() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<KeyWorkItem> due = KeyWorkItem.list("status = ?1 AND recurrence <> ?2 AND dueAt <= ?3"
                        + " AND id NOT IN (SELECT n.previousId FROM KeyWorkItem n WHERE n.previousId IS NOT NULL)"
                        + " ORDER BY dueAt, id",
                KeyWorkItem.Status.DISPATCHED, KeyWorkItem.Recurrence.NONE, now);
        for (KeyWorkItem previous : due) {
            KeyWorkItem next = new KeyWorkItem();
            next.id = UUID.randomUUID();
            next.previousId = previous.id;
            next.title = previous.title;
            next.categoryCode = previous.categoryCode;
            next.description = previous.description;
            next.checklist = previous.checklist;
            next.scopeNodeIds = previous.scopeNodeIds;
            next.targetLevel = previous.targetLevel;
            next.assigneeRole = previous.assigneeRole;
            next.recurrence = previous.recurrence;
            next.dueAt = shift(previous.dueAt, previous.recurrence);
            next.createdBy = "system";
            next.createdAt = now;
            next.updatedBy = "system";
            next.updatedAt = now;
            next.persist();
            for (KeyWorkPhase phase : phases(previous.id)) {
                KeyWorkPhase copy = new KeyWorkPhase();
                copy.id = UUID.randomUUID();
                copy.itemId = next.id;
                copy.seq = phase.seq;
                copy.name = phase.name;
                copy.dueAt = shift(phase.dueAt, previous.recurrence);
                copy.persist();
            }
            entityManager.flush();
            cast(next, GridNodeView.list("id IN ?1", next.scopeNodeIds), "system");
        }
        return due.size();
    }

    @Scheduled(every = "${wangge.task.recurrence-check:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recurrenceCheck() {
        rollRecurring();
    }

    private static OffsetDateTime shift(OffsetDateTime at, KeyWorkItem.Recurrence recurrence) {
        return recurrence == KeyWorkItem.Recurrence.MONTHLY ? at.plusMonths(1) : at.plusWeeks(1);
    }

    private Dispatch cast(KeyWorkItem item, List<GridNodeView> roots, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<KeyWorkPhase> phases = phases(item.id);
        List<Target> targets = targets(item, roots);
        List<Task> tasks = new ArrayList<>(targets.size() * Math.max(1, phases.size()));
        for (Target target : targets) {
            if (phases.isEmpty()) {
                tasks.add(task(item, null, item.dueAt, target, actor, now));
            }
            for (KeyWorkPhase phase : phases) {
                tasks.add(task(item, phase.id, phase.dueAt, target, actor, now));
            }
        }
        insert(tasks, actor, now);
        item.status = KeyWorkItem.Status.DISPATCHED;
        item.taskCount = tasks.size();
        item.unassignedCount = (int) targets.stream().filter(t -> t.personId() == null).count();
        item.dispatchedAt = now;
        item.dispatchedBy = actor;
        item.updatedBy = actor;
        item.updatedAt = now;
        events.tasks(TaskEvents.TASK_DISPATCHED, tasks, actor, now);
        events.itemDispatched(item, phases, actor, now);
        return dispatched(item);
    }

    @Transactional
    public KeyWorkItem close(UUID id) {
        KeyWorkItem item = get(id);
        access.requireKeyWorkAdmin(GridNodeView.<GridNodeView>list("id IN ?1", item.scopeNodeIds).stream()
                .map(GridNodeView::gridPath).toList());
        if (item.status != KeyWorkItem.Status.DISPATCHED) {
            throw ProblemException.conflict("只有已派发的工作可以关闭 only a dispatched item can be closed; it is "
                    + item.status);
        }
        item.status = KeyWorkItem.Status.CLOSED;
        item.updatedBy = access.actor();
        item.updatedAt = OffsetDateTime.now(clock);
        return item;
    }

    private Dispatch dispatched(KeyWorkItem item) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT DISTINCT node_id, node_name, node_path FROM task
                         WHERE item_id = ?1 AND assignee_person_id IS NULL ORDER BY node_path LIMIT ?2""")
                .setParameter(1, item.id).setParameter(2, LISTED_UNASSIGNED).getResultList();
        List<Unassigned> unassigned = rows.stream()
                .map(row -> new Unassigned((UUID) row[0], (String) row[1])).toList();
        return new Dispatch(item.id, item.taskCount, item.unassignedCount, unassigned);
    }

    private record Target(UUID nodeId, String path, String name, String level, UUID personId, String accountId,
                          String personName) {
    }

    private List<Target> targets(KeyWorkItem item, List<GridNodeView> roots) {
        StringBuilder ranges = new StringBuilder();
        List<Object> parameters = new ArrayList<>(List.of(item.assigneeRole, item.targetLevel));
        for (GridNodeView root : roots) {
            ranges.append(ranges.isEmpty() ? "" : " OR ").append("(n.path >= ?").append(parameters.size() + 1)
                    .append(" AND n.path < ?").append(parameters.size() + 2).append(")");
            parameters.add(root.path);
            parameters.add(root.gridPath().subtreeUpperBound());
        }
        var query = entityManager.createNativeQuery("""
                SELECT DISTINCT ON (n.path) n.id, n.path, n.name, n.level, a.person_id, a.account_id, a.person_name
                  FROM grid_node_view n
                  LEFT JOIN assignment_view a ON a.node_id = n.id AND a.role = ?1 AND a.is_primary
                                             AND a.status = 'ACTIVE'
                 WHERE n.level = ?2 AND n.status = 'ACTIVE' AND (%s)
                 ORDER BY n.path, a.version DESC""".formatted(ranges));
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Target((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                (UUID) r[4], (String) r[5], (String) r[6])).toList();
    }

    private static Task task(KeyWorkItem item, UUID phaseId, OffsetDateTime dueAt, Target target, String actor,
                             OffsetDateTime now) {
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.itemId = item.id;
        task.phaseId = phaseId;
        task.title = item.title;
        task.categoryCode = item.categoryCode;
        task.nodeId = target.nodeId();
        task.nodePath = target.path();
        task.nodeName = target.name();
        task.nodeLevel = target.level();
        task.assigneePersonId = target.personId();
        task.assigneeAccountId = target.accountId();
        task.assigneeName = target.personName();
        task.status = TaskStatus.DISPATCHED;
        task.dueAt = dueAt;
        task.createdAt = now;
        task.updatedBy = actor;
        task.updatedAt = now;
        return task;
    }

    /** Batched inserts of the tasks and their first history step, in the current transaction's connection. */
    private void insert(List<Task> tasks, String actor, OffsetDateTime now) {
        Timestamp at = Timestamp.from(now.toInstant());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement task = connection.prepareStatement("""
                     INSERT INTO task (id, item_id, phase_id, title, category_code, node_id, node_path, node_name,
                                       node_level, assignee_person_id, assignee_account_id, assignee_name, status,
                                       due_at, version, created_at, updated_by, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DISPATCHED', ?, 0, ?, ?, ?)""");
             PreparedStatement history = connection.prepareStatement("""
                     INSERT INTO task_history (task_id, action, to_status, actor, at)
                     VALUES (?, 'DISPATCH', 'DISPATCHED', ?, ?)""")) {
            int pending = 0;
            for (Task t : tasks) {
                task.setObject(1, t.id);
                task.setObject(2, t.itemId);
                task.setObject(3, t.phaseId);
                task.setString(4, t.title);
                task.setString(5, t.categoryCode);
                task.setObject(6, t.nodeId);
                task.setString(7, t.nodePath);
                task.setString(8, t.nodeName);
                task.setString(9, t.nodeLevel);
                task.setObject(10, t.assigneePersonId);
                task.setString(11, t.assigneeAccountId);
                task.setString(12, t.assigneeName);
                task.setTimestamp(13, Timestamp.from(t.dueAt.toInstant()));
                task.setTimestamp(14, at);
                task.setString(15, actor);
                task.setTimestamp(16, at);
                task.addBatch();
                history.setObject(1, t.id);
                history.setString(2, actor);
                history.setTimestamp(3, at);
                history.addBatch();
                if (++pending == JDBC_BATCH) {
                    task.executeBatch();
                    history.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                task.executeBatch();
                history.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert the dispatched tasks", e);
        }
    }

    private List<GridNodeView> validate(Draft draft) {
        Category category = Category.findById(draft.categoryCode());
        if (category == null || !category.active) {
            throw ProblemException.invalid("categoryCode", "没有这个类别 unknown category " + draft.categoryCode());
        }
        List<GridNodeView> roots = GridNodeView.list("id IN ?1", draft.scopeNodeIds());
        if (roots.size() != draft.scopeNodeIds().stream().distinct().count()) {
            throw ProblemException.invalid("scopeNodeIds", "含有未知的网格 contains unknown grid nodes");
        }
        if (!draft.dueAt().isAfter(OffsetDateTime.now(clock))) {
            throw ProblemException.invalid("dueAt", "截止时间须在将来 must be in the future");
        }
        List<PhaseDraft> phases = draft.phases() == null ? List.of() : draft.phases();
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).dueAt().isAfter(draft.dueAt())) {
                throw ProblemException.invalid("phases[" + i + "].dueAt",
                        "阶段截止不能晚于整体截止 must not be after the item's due time");
            }
        }
        return roots;
    }

    private void replacePhases(KeyWorkItem item, List<PhaseDraft> phases) {
        KeyWorkPhase.delete("itemId", item.id);
        if (phases == null) {
            return;
        }
        int seq = 1;
        for (PhaseDraft draft : phases) {
            KeyWorkPhase phase = new KeyWorkPhase();
            phase.id = UUID.randomUUID();
            phase.itemId = item.id;
            phase.seq = seq++;
            phase.name = draft.name();
            phase.dueAt = draft.dueAt();
            phase.persist();
        }
    }

    private static void apply(KeyWorkItem item, Draft draft) {
        item.title = draft.title().trim();
        item.categoryCode = draft.categoryCode();
        item.description = draft.description();
        item.checklist = draft.checklist() == null ? List.of() : List.copyOf(draft.checklist());
        item.scopeNodeIds = List.copyOf(draft.scopeNodeIds());
        item.targetLevel = draft.targetLevel();
        item.assigneeRole = draft.assigneeRole();
        item.dueAt = draft.dueAt();
        item.recurrence = draft.recurrence() == null ? KeyWorkItem.Recurrence.NONE : draft.recurrence();
    }

    private boolean visible(KeyWorkItem item) {
        List<GridPath> restricting = access.restrictingPaths();
        if (restricting == null) {
            return true;
        }
        // An item is visible to whoever holds a place inside its scope or above it.
        List<GridNodeView> roots = GridNodeView.list("id IN ?1", item.scopeNodeIds);
        return roots.stream().anyMatch(root -> restricting.stream().anyMatch(
                mine -> root.gridPath().isWithin(mine) || mine.isWithin(root.gridPath())));
    }

}
