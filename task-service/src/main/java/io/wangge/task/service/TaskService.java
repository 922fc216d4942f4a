package io.wangge.task.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.types.TaskTopic;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.Problem;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.Duties;
import io.wangge.task.KeyWorkItem;
import io.wangge.task.Task;
import io.wangge.task.TaskAction;
import io.wangge.task.TaskHistory;
import io.wangge.task.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** The life cycle of tasks, their lists, their progress over any subtree, and overdue supervision. */
@ApplicationScoped
public class TaskService {

    private static final int OVERDUE_CHUNK = 1000;

    @Inject
    TaskAccess access;

    @Inject
    TaskEvents events;

    @Inject
    KeyWorkService keyWork;

    @Inject
    EntityManager entityManager;

    @Inject
    GridReadModel grid;

    @Inject
    TaskSyncService sync;

    @Inject
    io.wangge.task.media.MediaStore media;

    @Inject
    Clock clock;

    /** Evidence handed in with a submission. */
    public record Evidence(String note, Map<String, Boolean> checklist, List<String> photoUrls) {
    }

    public Task get(UUID id) {
        return access.visible(Task.findById(id), id);
    }

    public List<TaskHistory> history(UUID id) {
        Task task = get(id);
        return TaskHistory.list("taskId = ?1 ORDER BY id", task.id);
    }

    @Transactional
    public Task accept(UUID id, String ifMatch) {
        Task task = start(id, ifMatch, TaskAction.ACCEPT);
        access.requireWorker(task);
        return finish(task, TaskAction.ACCEPT, null);
    }

    @Transactional
    public Task begin(UUID id, String ifMatch) {
        Task task = start(id, ifMatch, TaskAction.START);
        access.requireWorker(task);
        return finish(task, TaskAction.START, null);
    }

    @Transactional
    public Task submit(UUID id, String ifMatch, Evidence evidence) {
        Task task = start(id, ifMatch, TaskAction.SUBMIT);
        access.requireWorker(task);
        if (evidence.photoUrls() != null) {
            List<UUID> own = media.ofTask(task.id);
            for (String url : evidence.photoUrls()) {
                // a photo of ours, however its URL is written (relative, or with a host), must be this task's
                java.util.regex.Matcher ours = OUR_MEDIA.matcher(url);
                if (ours.matches() && !own.contains(uuidOrNull(ours.group(1)))) {
                    throw ProblemException.invalid("photoUrls", url + " 不是本任务上传的照片 is no photo of this task");
                }
            }
        }
        Map<String, Object> handedIn = new LinkedHashMap<>();
        handedIn.put("note", evidence.note());
        handedIn.put("checklist", evidence.checklist() == null ? Map.of() : evidence.checklist());
        handedIn.put("photoUrls", evidence.photoUrls() == null ? List.of() : evidence.photoUrls());
        task.evidence = handedIn;
        task.submittedAt = OffsetDateTime.now(clock);
        task.returnReason = null;
        return finish(task, TaskAction.SUBMIT, evidence.note());
    }

    /** Where an uploaded photo is read (GET /api/media/{id}); a submission names its photos by it. */
    public static final String MEDIA_PATH = "/api/media/";
    private static final java.util.regex.Pattern OUR_MEDIA =
            java.util.regex.Pattern.compile("(?:https?://[^/]+)?/api/media/([^/?#]*)(?:[?#].*)?");

    private static UUID uuidOrNull(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A photo the task's worker took, uploaded from their phone before they submit; its URL goes into photoUrls. */
    @Transactional
    public UUID addPhoto(UUID id, String contentType, byte[] bytes) {
        Task task = get(id);
        access.requireWorker(task);
        if (task.status == TaskStatus.COMPLETED || task.status == TaskStatus.CANCELLED) {
            throw ProblemException.conflict("任务已" + (task.status == TaskStatus.COMPLETED ? "完成" : "取消")
                    + " the task is " + task.status);
        }
        return media.storeForTask(task.id, io.wangge.task.media.MediaStore.admitted(contentType, bytes,
                media.ofTask(task.id).size(), "task"), bytes);
    }

    /** Verifies a submitted task; it counts as on time if it was submitted by its due time. */
    @Transactional
    public Task complete(UUID id, String ifMatch, String note) {
        Task task = get(id);
        requireVerifiable(task, TaskAction.COMPLETE, ifMatch, submitter(task));
        verify(List.of(task), note);
        return task;
    }

    /** A task to verify in a batch, at the version its cadre read (what {@code If-Match} carries for one). */
    public record Verify(UUID id, long version) {
    }

    /**
     * Verifies many submitted tasks at once, as a village cadre clears a page of submissions: each passes the checks
     * {@link #complete} makes, or none is verified and the refusal names every task that failed (with the status of
     * the first, and each one's {@code current} state under its field). The tasks are locked in id order, the order
     * every writer of several tasks locks them in.
     */
    @Transactional
    public List<Task> completeAll(List<Verify> batch, String note) {
        Set<UUID> asked = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!asked.add(batch.get(i).id())) {
                throw ProblemException.invalid("tasks[" + i + "].id", "任务重复 the task is already in the list");
            }
        }
        Map<UUID, Task> locked = new HashMap<>();
        lockInIdOrder(asked).forEach(task -> locked.put(task.id, task));
        Map<UUID, String> submitters = submitters(locked.keySet());
        List<Task> tasks = new ArrayList<>(batch.size());
        List<Problem.FieldError> refusals = new ArrayList<>();
        Map<String, Object> current = new LinkedHashMap<>();
        Problem first = null;
        for (int i = 0; i < batch.size(); i++) {
            Verify verify = batch.get(i);
            try {
                Task task = access.visible(locked.get(verify.id()), verify.id());
                requireVerifiable(task, TaskAction.COMPLETE, Preconditions.etag(verify.version()),
                        submitters.get(task.id));
                tasks.add(task);
            } catch (ProblemException refused) {
                first = first == null ? refused.problem() : first;
                refusals.add(new Problem.FieldError("tasks[" + i + "]", refused.problem().detail()));
                if (refused.problem().current() != null) {
                    current.put("tasks[" + i + "]", refused.problem().current());
                }
            }
        }
        if (first != null) {
            throw new ProblemException(new Problem(first.type(), first.title(), first.status(), refusals.size()
                    + " 项任务不能核验，均未核验 " + refusals.size() + " of " + batch.size()
                    + " tasks cannot be verified; none was", null, refusals, current.isEmpty() ? null : current));
        }
        verify(tasks, note);
        return tasks;
    }

    /**
     * The checks a cadre's decision on submitted work passes (verifying or sending it back): the step from the state
     * at the version read, a cadre of a node above the grid, and nobody's own work (assigned or handed in).
     */
    private void requireVerifiable(Task task, TaskAction action, String ifMatch, String submitter) {
        LifeCycle.step(TASK, task.status, task.version, ifMatch, action.name(), action.from());
        access.requireVerifier(task);
        Duties.notTheirOwn(access.actor(), "verify", task.assigneeAccountId, submitter);
    }

    /** Verifies checked tasks at one moment; each counts as on time if it was submitted by its due time. */
    private void verify(List<Task> tasks, String note) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String actor = access.actor();
        for (Task task : tasks) {
            task.completedAt = now;
            task.verifiedBy = actor;
            task.onTime = !task.submittedAt.isAfter(task.dueAt);
            advance(task, TaskAction.COMPLETE, note, actor, now);
        }
        events.tasks(TaskAction.COMPLETE.eventType(), tasks, actor, now);
    }

    /**
     * The tasks, locked until the transaction ends in the database's id order: every writer of several tasks at once
     * (a batch verification, the overdue sweep) takes them in this order, so two of them wait, never deadlock.
     */
    private List<Task> lockInIdOrder(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return entityManager.createQuery("FROM Task t WHERE t.id IN :ids ORDER BY t.id", Task.class)
                .setParameter("ids", ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** Who handed each task in last, in one query. */
    private Map<UUID, String> submitters(Collection<UUID> taskIds) {
        Map<UUID, String> submitters = new HashMap<>();
        if (taskIds.isEmpty()) {
            return submitters;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT DISTINCT ON (task_id) task_id, actor FROM task_history
                         WHERE task_id = ANY (CAST(?1 AS uuid[])) AND action = ?2 ORDER BY task_id, id DESC""")
                .setParameter(1, Outbox.idArray(taskIds)).setParameter(2, TaskAction.SUBMIT.name()).getResultList();
        for (Object[] row : rows) {
            submitters.put((UUID) row[0], (String) row[1]);
        }
        return submitters;
    }

    @Transactional
    public Task sendBack(UUID id, String ifMatch, String reason) {
        Task task = get(id);
        requireVerifiable(task, TaskAction.RETURN, ifMatch, submitter(task));
        task.returnReason = reason;
        return finish(task, TaskAction.RETURN, reason);
    }

    @Transactional
    public Task cancel(UUID id, String ifMatch, String reason) {
        Task task = start(id, ifMatch, TaskAction.CANCEL);
        access.requireSupervisor(task);
        return finish(task, TaskAction.CANCEL, reason);
    }

    /** Escalates to the parent node (小事不出网格，大事不出村): the parent's staff see it as theirs to handle. */
    @Transactional
    public Task escalate(UUID id, String ifMatch, String reason) {
        Task task = start(id, ifMatch, TaskAction.ESCALATE);
        access.requireWorker(task);
        UUID parent = grid.node(task.nodeId).map(GridReadModel.Node::parentId).flatMap(grid::node)
                .filter(up -> GridReadModel.isWorkLevel(up.level())).map(GridReadModel.Node::id).orElse(null);
        if (parent == null) {
            throw ProblemException.conflict("县级是最高处置层级，无法再上报 the county is the top of the work: no node"
                    + " to escalate to");
        }
        task.escalatedToNodeId = parent;
        task.escalationReason = reason;
        return finish(task, TaskAction.ESCALATE, reason);
    }

    /** Gives the task to another person, who must be staff of the task's grid or of a node above it. */
    @Transactional
    public Task reassign(UUID id, String ifMatch, UUID personId) {
        Task task = start(id, ifMatch, TaskAction.REASSIGN);
        access.requireSupervisor(task);
        GridReadModel.Post post = grid.postAtOrAbove(personId, task.gridPath()).orElseThrow(() ->
                ProblemException.invalid("personId", "不是该网格或其上级的在岗人员 not staff of this grid or above it"));
        // whoever may reassign may verify: taking the task over would let them verify their own work
        Duties.notTheirOwn(access.actor(), "take over and verify", post.accountId());
        if (!java.util.Objects.equals(task.assigneeAccountId, post.accountId())) {
            sync.removedFrom(task.id, task.assigneeAccountId);
        }
        task.assigneePersonId = personId;
        task.assigneeAccountId = post.accountId();
        task.assigneeName = post.personName();
        return finish(task, TaskAction.REASSIGN, task.assigneeName);
    }

    /** Who handed the task in last, if anyone. */
    private String submitter(Task task) {
        return submitters(List.of(task.id)).get(task.id);
    }

    /** Filters for task lists. */
    public record Filter(UUID nodeId, TaskStatus status, String category, String assignee, Boolean overdue,
                         OffsetDateTime dueFrom, OffsetDateTime dueTo, UUID itemId) {
    }

    public Page<Task> list(Filter filter, PageRequest page) {
        Where where = new Where().within("nodePath", access.restrictingPaths());
        if (filter.nodeId() != null) {
            GridReadModel.Node node = grid.node(filter.nodeId()).orElse(null);
            if (node == null) {
                throw ProblemException.invalid("nodeId", "没有这个网格 unknown node");
            }
            where.inSubtree("nodePath", node.path());
        }
        optional(where, "itemId = ?", filter.itemId());
        optional(where, "status = ?", filter.status());
        optional(where, "categoryCode = ?", filter.category());
        optional(where, "assigneeAccountId = ?", filter.assignee());
        optional(where, "overdue = ?", filter.overdue());
        optional(where, "dueAt >= ?", filter.dueFrom());
        optional(where, "dueAt < ?", filter.dueTo());
        return page.list(Task.class, "t", where, "dueAt, nodePath, id", Function.identity());
    }

    /** As many tasks as one sheet carries: a key-work item cast to a county's grids fits. */
    static final int EXPORT_LIMIT = 50_000;

    /** The tasks of the list's filters as a sheet (任务台账), in the caller's place, Chinese headers. */
    public io.wangge.platform.rest.Table table(Filter filter) {
        Where where = new Where().within("nodePath", access.restrictingPaths());
        String place = "全部";
        if (filter.nodeId() != null) {
            GridReadModel.Node node = access.visibleNode(filter.nodeId());
            where.inSubtree("nodePath", node.path());
            place = node.name();
        }
        optional(where, "itemId = ?", filter.itemId());
        optional(where, "status = ?", filter.status());
        optional(where, "categoryCode = ?", filter.category());
        optional(where, "overdue = ?", filter.overdue());
        optional(where, "dueAt >= ?", filter.dueFrom());
        optional(where, "dueAt < ?", filter.dueTo());
        List<Task> found = Task.<Task>find(where.query("dueAt, nodePath, id"), where.parameters())
                .page(0, EXPORT_LIMIT + 1).list();
        if (found.size() > EXPORT_LIMIT) {
            throw ProblemException.invalid("nodeId", "超过 " + EXPORT_LIMIT + " 项，请按村、事项或时间缩小范围 more than "
                    + EXPORT_LIMIT + " tasks: narrow the place, the item or the dates");
        }
        List<List<Object>> rows = new java.util.ArrayList<>(found.size());
        for (Task t : found) {
            rows.add(java.util.Arrays.asList(t.title, t.nodeName, t.assigneeName, STATUS_NAMES.get(t.status),
                    t.dueAt, t.submittedAt, t.completedAt, t.onTime == null ? null : t.onTime ? "是" : "否",
                    t.overdue ? "是" : "否", t.verifiedBy, t.returnReason, t.id.toString()));
        }
        return new io.wangge.platform.rest.Table(place + " 任务台账", List.of("任务", "网格", "负责人", "状态", "截止时间",
                "提交时间", "完成时间", "按时完成", "逾期", "核验人", "退回原因", "编号"), rows);
    }

    private static final Map<TaskStatus, String> STATUS_NAMES = new EnumMap<>(Map.of(
            TaskStatus.DISPATCHED, "已派发", TaskStatus.ACCEPTED, "已接收", TaskStatus.IN_PROGRESS, "办理中",
            TaskStatus.SUBMITTED, "已提交", TaskStatus.COMPLETED, "已完成", TaskStatus.RETURNED, "已退回",
            TaskStatus.CANCELLED, "已取消"));

    static void optional(Where where, String condition, Object value) {
        if (value != null) {
            where.and(condition, value);
        }
    }

    /** Counts of a task set. */
    public record Counts(long dispatched, Map<TaskStatus, Long> byStatus, long completed, long completedOnTime,
                         long overdue, long open) {
    }

    /** A child node's share of the progress. */
    public record ChildProgress(UUID nodeId, String name, Counts counts) {
    }

    /** Progress of an item over a node's subtree, with a drill-down per child node. */
    public record Progress(UUID itemId, UUID nodeId, String nodeName, Counts total, List<ChildProgress> children) {
    }

    public Progress progress(UUID itemId, UUID nodeId) {
        KeyWorkItem item = keyWork.get(itemId);
        UUID at = nodeId != null ? nodeId : defaultPlace(item);
        // progress is read at one's place or below it: a village sees its own counts, never its neighbours'
        // through the town above it
        GridReadModel.Node node = access.visibleNode(at);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT CASE WHEN node_id = ?2 THEN NULL
                                    ELSE CAST(substring(node_path FROM ?4 FOR 36) AS uuid) END AS child,
                               status, overdue, on_time, count(*)
                          FROM task
                         WHERE item_id = ?1 AND node_path >= ?3 AND node_path < ?5
                         GROUP BY 1, status, overdue, on_time""")
                .setParameter(1, itemId)
                .setParameter(2, node.id())
                .setParameter(3, node.path().value())
                .setParameter(4, node.path().value().length() + 1)
                .setParameter(5, node.path().subtreeUpperBound())
                .getResultList();
        Map<UUID, CountsBuilder> perChild = new LinkedHashMap<>();
        CountsBuilder total = new CountsBuilder();
        for (Object[] row : rows) {
            TaskStatus status = TaskStatus.valueOf((String) row[1]);
            boolean overdue = (Boolean) row[2];
            boolean onTime = Boolean.TRUE.equals(row[3]);
            long count = ((Number) row[4]).longValue();
            total.add(status, overdue, onTime, count);
            if (row[0] != null) {
                perChild.computeIfAbsent((UUID) row[0], id -> new CountsBuilder()).add(status, overdue, onTime, count);
            }
        }
        Map<UUID, String> names = new LinkedHashMap<>();
        if (!perChild.isEmpty()) {
            grid.nodes(List.copyOf(perChild.keySet()))
                    .forEach(child -> names.put(child.id(), child.name()));
        }
        List<ChildProgress> children = names.entrySet().stream()
                .map(e -> new ChildProgress(e.getKey(), e.getValue(), perChild.get(e.getKey()).build()))
                .toList();
        return new Progress(itemId, node.id(), node.name(), total.build(), children);
    }

    /**
     * Where progress is read when no node is asked for: the item's first scope node for those placed at or above
     * it, else the caller's own place inside the item's scope.
     */
    private UUID defaultPlace(KeyWorkItem item) {
        List<GridReadModel.Node> roots = grid.nodes(item.scopeNodeIds);
        if (roots.isEmpty() || access.isVisible(roots.get(0).path())) {
            return item.scopeNodeIds.get(0);
        }
        List<GridPath> mine = access.restrictingPaths() == null ? List.of() : access.restrictingPaths();
        return mine.stream().filter(place -> roots.stream().anyMatch(root -> place.isWithin(root.path())))
                .sorted(java.util.Comparator.comparing(GridPath::value)).map(GridPath::nodeId).findFirst()
                .orElse(item.scopeNodeIds.get(0));
    }

    /**
     * Marks tasks past due and not completed as overdue, each once, with its event. Runs on a schedule; tests
     * move the injected clock and call it.
     */
    @Scheduled(every = "${wangge.task.overdue-check:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void overdueCheck() {
        markOverdue();
    }

    /** Marks what is overdue now; returns how many tasks it marked. */
    public int markOverdue() {
        int marked = 0;
        while (true) {
            int[] chunk = QuarkusTransaction.requiringNew().call(this::markOverdueChunk);
            marked += chunk[1];
            if (chunk[0] < OVERDUE_CHUNK) {
                return marked;
            }
        }
    }

    /** One chunk: how many tasks it chose, and how many of them it marked (the others changed meanwhile). */
    private int[] markOverdueChunk() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<UUID> chosen = entityManager.createQuery("""
                        SELECT t.id FROM Task t WHERE t.overdue = false AND t.status NOT IN ?1 AND t.dueAt < ?2
                         ORDER BY t.dueAt, t.id""", UUID.class)
                .setParameter(1, List.of(TaskStatus.COMPLETED, TaskStatus.CANCELLED)).setParameter(2, now)
                .setMaxResults(OVERDUE_CHUNK).getResultList();
        // a task verified or marked meanwhile is left alone: its state is read again under the lock
        List<Task> due = lockInIdOrder(chosen).stream().filter(task -> !task.overdue && !task.status.isClosed())
                .toList();
        for (Task task : due) {
            task.overdue = true;
            task.updatedBy = "system";
            task.updatedAt = now;
        }
        if (!due.isEmpty()) {
            events.tasks(TaskTopic.TASK_OVERDUE, due, "system", now);
        }
        return new int[] {chosen.size(), due.size()};
    }

    private static final LifeCycle.Record TASK = new LifeCycle.Record("任务", "task");

    private Task start(UUID id, String ifMatch, TaskAction action) {
        Task task = get(id);
        LifeCycle.step(TASK, task.status, task.version, ifMatch, action.name(), action.from());
        return task;
    }

    private Task finish(Task task, TaskAction action, String note) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String actor = access.actor();
        advance(task, action, note, actor, now);
        events.task(action.eventType(), task, actor, now);
        return task;
    }

    /** Takes the step: the task's new state and the history's entry (its event is the caller's to record). */
    private void advance(Task task, TaskAction action, String note, String actor, OffsetDateTime now) {
        TaskStatus from = task.status;
        task.status = action.target(from);
        task.updatedBy = actor;
        task.updatedAt = now;
        TaskHistory step = new TaskHistory();
        step.taskId = task.id;
        step.action = action.name();
        step.fromStatus = from;
        step.toStatus = task.status;
        step.actor = actor;
        step.at = now;
        step.note = note;
        step.persist();
    }

    private static final class CountsBuilder {
        private final Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        private long overdue;
        private long onTime;

        void add(TaskStatus status, boolean isOverdue, boolean isOnTime, long count) {
            byStatus.merge(status, count, Long::sum);
            if (isOverdue && !status.isClosed()) {
                overdue += count;
            }
            if (status == TaskStatus.COMPLETED && isOnTime) {
                onTime += count;
            }
        }

        Counts build() {
            long all = byStatus.values().stream().mapToLong(Long::longValue).sum();
            long completed = byStatus.getOrDefault(TaskStatus.COMPLETED, 0L);
            long cancelled = byStatus.getOrDefault(TaskStatus.CANCELLED, 0L);
            return new Counts(all, Map.copyOf(byStatus), completed, onTime, overdue, all - completed - cancelled);
        }
    }
}
