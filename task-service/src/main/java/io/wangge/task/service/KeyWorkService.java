package io.wangge.task.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import io.wangge.task.Category;
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
import java.util.Set;
import java.util.UUID;

/** Key-work items: prepared as drafts, cast into the net in one dispatch, followed by their progress. */
@ApplicationScoped
public class KeyWorkService {

    static final int LISTED_UNASSIGNED = 200;

    @Inject
    GridReadModel gridView;

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
        List<GridReadModel.Node> roots = validate(draft);
        access.requireKeyWorkAdmin(roots.stream().map(GridReadModel.Node::path).toList());
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

    private static final LifeCycle.Record KEY_WORK = new LifeCycle.Record("重点工作", "key-work item");

    @Transactional
    public KeyWorkItem update(UUID id, String ifMatch, Draft draft) {
        KeyWorkItem item = get(id);
        LifeCycle.step(KEY_WORK, item.status, item.version, ifMatch, "EDIT", Set.of(KeyWorkItem.Status.DRAFT));
        // the draft as it is must be the caller's to change, not only what it would become: a town admin who can
        // see the county's draft does not narrow it to their town
        access.requireKeyWorkAdmin(gridView.nodes(item.scopeNodeIds).stream().map(GridReadModel.Node::path).toList());
        List<GridReadModel.Node> roots = validate(draft);
        access.requireKeyWorkAdmin(roots.stream().map(GridReadModel.Node::path).toList());
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
        return new Page<>(visible.subList(from, to), page.page, page.size, visible.size(), true);
    }

    /**
     * Creates every task of the item at once from the grid read model: one per (phase, grid of the target level
     * under the scope), assigned to that grid's primary person for the item's role, or unassigned and listed.
     * Rows and events go in JDBC batches, so 100,000 grids are a few hundred round trips. Dispatching twice
     * returns the first dispatch's result.
     */
    @Transactional
    public Dispatch dispatch(UUID itemId, String ifMatch) {
        KeyWorkItem item = get(itemId);
        List<GridReadModel.Node> roots = gridView.nodes(item.scopeNodeIds);
        access.requireKeyWorkAdmin(roots.stream().map(GridReadModel.Node::path).toList());
        if (item.status != KeyWorkItem.Status.DRAFT) {
            return dispatched(item); // already what the caller asked for: a repeat changes nothing
        }
        LifeCycle.change(item.version, ifMatch);
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
            cast(next, gridView.nodes(next.scopeNodeIds), "system");
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

    private Dispatch cast(KeyWorkItem item, List<GridReadModel.Node> roots, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<KeyWorkPhase> phases = phases(item.id);
        int created = insertTasks(item, roots, phases, actor, now);
        // counted before the item changes: the query would flush it, and the item would take two versions
        int unassigned = ((Number) entityManager.createNativeQuery("SELECT count(DISTINCT node_id) FROM task"
                + " WHERE item_id = ?1 AND assignee_person_id IS NULL").setParameter(1, item.id).getSingleResult())
                .intValue();
        item.status = KeyWorkItem.Status.DISPATCHED;
        item.taskCount = created;
        item.unassignedCount = unassigned;
        item.dispatchedAt = now;
        item.dispatchedBy = actor;
        item.updatedBy = actor;
        item.updatedAt = now;
        events.dispatched(item.id, actor, now);
        events.itemDispatched(item, phases, actor, now);
        return dispatched(item);
    }

    @Transactional
    public KeyWorkItem close(UUID id, String ifMatch) {
        KeyWorkItem item = get(id);
        access.requireKeyWorkAdmin(gridView.nodes(item.scopeNodeIds).stream()
                .map(GridReadModel.Node::path).toList());
        LifeCycle.step(KEY_WORK, item.status, item.version, ifMatch, "CLOSE", Set.of(KeyWorkItem.Status.DISPATCHED));
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

    /**
     * Writes every task of the item, and its first history step, by the database: one task per (grid of the target
     * level under the scope, phase), assigned to that grid's primary person for the item's role (or unassigned), in
     * path order. Nothing of it is held in memory, whatever the number of grids. Returns how many were written.
     */
    private int insertTasks(KeyWorkItem item, List<GridReadModel.Node> roots, List<KeyWorkPhase> phases, String actor,
                            OffsetDateTime now) {
        List<Object> rangeParameters = new ArrayList<>();
        for (GridReadModel.Node root : roots) {
            rangeParameters.add(root.path().value());
            rangeParameters.add(root.path().subtreeUpperBound());
        }
        UUID[] phaseIds = phases.isEmpty() ? new UUID[] {null} : phases.stream().map(p -> p.id).toArray(UUID[]::new);
        Timestamp[] dues = phases.isEmpty() ? new Timestamp[] {Timestamp.from(item.dueAt.toInstant())}
                : phases.stream().map(p -> Timestamp.from(p.dueAt.toInstant())).toArray(Timestamp[]::new);
        Timestamp at = Timestamp.from(now.toInstant());
        try (Connection connection = dataSource.getConnection()) {
            int created;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO task (id, item_id, phase_id, title, category_code, node_id, node_path, node_name,
                                      node_level, assignee_person_id, assignee_account_id, assignee_name, status,
                                      due_at, version, created_at, updated_by, updated_at)
                    SELECT gen_random_uuid(), ?, p.phase_id, ?, ?, t.id, t.path, t.name, t.level, t.person_id,
                           t.account_id, t.person_name, 'DISPATCHED', p.due_at, 0, ?, ?, ?
                      FROM (%s) AS t
                     CROSS JOIN unnest(?, ?) AS p(phase_id, due_at)
                     ORDER BY t.path, p.due_at""".formatted(GridReadModel.targetsSql(roots.size())))) {
                int i = 1;
                insert.setObject(i++, item.id);
                insert.setString(i++, item.title);
                insert.setString(i++, item.categoryCode);
                insert.setTimestamp(i++, at);
                insert.setString(i++, actor);
                insert.setTimestamp(i++, at);
                insert.setString(i++, item.assigneeRole);
                insert.setString(i++, item.targetLevel);
                for (Object range : rangeParameters) {
                    insert.setObject(i++, range);
                }
                insert.setArray(i++, connection.createArrayOf("uuid", phaseIds));
                insert.setArray(i, connection.createArrayOf("timestamptz", dues));
                created = insert.executeUpdate();
            }
            try (PreparedStatement history = connection.prepareStatement("""
                    INSERT INTO task_history (task_id, action, to_status, actor, at)
                    SELECT id, 'DISPATCH', 'DISPATCHED', ?, ? FROM task WHERE item_id = ? ORDER BY node_path""")) {
                history.setString(1, actor);
                history.setTimestamp(2, at);
                history.setObject(3, item.id);
                history.executeUpdate();
            }
            return created;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert the dispatched tasks", e);
        }
    }

    private List<GridReadModel.Node> validate(Draft draft) {
        Category category = Category.findById(draft.categoryCode());
        if (category == null || !category.active) {
            throw ProblemException.invalid("categoryCode", "没有这个类别 unknown category " + draft.categoryCode());
        }
        List<GridReadModel.Node> roots = gridView.nodes(draft.scopeNodeIds());
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
        List<GridReadModel.Node> roots = gridView.nodes(item.scopeNodeIds);
        return roots.stream().anyMatch(root -> restricting.stream().anyMatch(
                mine -> root.path().isWithin(mine) || mine.isWithin(root.path())));
    }

}
