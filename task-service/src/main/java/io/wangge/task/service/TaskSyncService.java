package io.wangge.task.service;

import io.wangge.platform.sync.DeltaQuery;
import io.wangge.platform.sync.SyncPage;
import io.wangge.task.ResidentCase;
import io.wangge.task.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A worker's tasks and their place's cases by delta for their phone (V13, V15: every change is stamped by the
 * database; a task given to someone else leaves a removal for its former assignee), through {@link DeltaQuery}.
 */
@ApplicationScoped
public class TaskSyncService {

    private static final String TASKS = """
            SELECT 'P' AS kind, t.id, t.sync_xid, t.sync_seq FROM task t
             WHERE t.assignee_account_id = :account AND (t.sync_xid, t.sync_seq) > (CAST(:xid AS xid8), :seq)%s
            UNION ALL
            SELECT 'R', r.task_id, r.sync_xid, r.sync_seq FROM task_sync_removal r
             WHERE r.account_id = :account AND (r.sync_xid, r.sync_seq) > (CAST(:xid AS xid8), :seq)""";

    private static final String CASES = """
            SELECT 'P' AS kind, c.id, c.sync_xid, c.sync_seq FROM resident_case c
             WHERE (c.sync_xid, c.sync_seq) > (CAST(:xid AS xid8), :seq)%s
            UNION ALL
            SELECT 'R', c.case_id, c.sync_xid, c.sync_seq FROM case_sync_departure c
             WHERE (c.sync_xid, c.sync_seq) > (CAST(:xid AS xid8), :seq)%s""";

    @Inject
    EntityManager entityManager;

    @Inject
    TaskAccess access;

    /** {@code accountId}'s own tasks in the caller's place, changed after the cursor. */
    @Transactional
    public SyncPage<Task> changes(String accountId, String cursorText, int size) {
        DeltaQuery.Slice slice = DeltaQuery.changes(entityManager, "tasks", TASKS, Map.of("account", accountId), "t.node_path",
                access.restrictingPaths(), cursorText, size);
        return new SyncPage<>(load(Task.class, slice.present()), slice.removed(), slice.cursor(), slice.more(),
                slice.reset());
    }

    /**
     * The cases of the caller's place, changed after the cursor (a closed one comes as CLOSED); a case that left the
     * place (escalated above it, its grid moved away) comes in {@code removed} (V16).
     */
    @Transactional
    public SyncPage<ResidentCase> cases(String cursorText, int size) {
        DeltaQuery.Slice slice = DeltaQuery.changes(entityManager, "cases", CASES, Map.of(), "c.node_path",
                access.restrictingPaths(), cursorText, size);
        return new SyncPage<>(load(ResidentCase.class, slice.present()), slice.removed(), slice.cursor(),
                slice.more(), slice.reset());
    }

    /** Tells the former assignee's phone to drop a task given to someone else (in the reassignment's transaction). */
    public void removedFrom(UUID taskId, String accountId) {
        if (accountId != null) {
            entityManager.createNativeQuery("INSERT INTO task_sync_removal (task_id, account_id) VALUES (?1, ?2)")
                    .setParameter(1, taskId).setParameter(2, accountId).executeUpdate();
        }
    }

    private <T> List<T> load(Class<T> type, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Object, T> found = new HashMap<>();
        entityManager.createQuery("FROM " + type.getSimpleName() + " e WHERE e.id IN :ids", type)
                .setParameter("ids", ids).getResultList()
                .forEach(e -> found.put(entityManager.getEntityManagerFactory().getPersistenceUnitUtil()
                        .getIdentifier(e), e));
        return ids.stream().map(found::get).toList();
    }
}
