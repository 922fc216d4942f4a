package io.wangge.task.service;

import io.wangge.platform.security.GridPath;
import io.wangge.platform.sync.SyncPage;
import io.wangge.task.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A worker's tasks by delta for their phone (V13: every change of a task is stamped by the database; a task given
 * to someone else leaves a removal for its former assignee).
 */
@ApplicationScoped
public class TaskSyncService {

    private static final String CHANGES = """
            SELECT c.kind, c.id, CAST(c.sync_xid AS text), c.sync_seq FROM (
                SELECT 'T' AS kind, t.id, t.sync_xid, t.sync_seq FROM task t
                 WHERE t.assignee_account_id = ?1 AND (t.sync_xid, t.sync_seq) > (CAST(?2 AS xid8), ?3)%s
                UNION ALL
                SELECT 'R', r.task_id, r.sync_xid, r.sync_seq FROM task_sync_removal r
                 WHERE r.account_id = ?1 AND (r.sync_xid, r.sync_seq) > (CAST(?2 AS xid8), ?3)) c
             WHERE c.sync_xid < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY c.sync_xid, c.sync_seq
             LIMIT ?4""";

    @Inject
    EntityManager entityManager;

    @Inject
    TaskAccess access;

    /**
     * The changes to {@code accountId}'s tasks in the caller's place after {@code cursorText}, at most {@code size};
     * a cursor from another place (the caller's posts changed since) starts over with {@code reset}.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public SyncPage<Task> changes(String accountId, String cursorText, int size) {
        List<GridPath> paths = access.restrictingPaths();
        String place = fingerprint(paths);
        SyncPage.Cursor cursor = SyncPage.Cursor.parse(cursorText);
        boolean reset = !cursor.equals(SyncPage.Cursor.START) && !place.equals(cursor.place());
        if (reset) {
            cursor = SyncPage.Cursor.START;
        }
        StringBuilder within = new StringBuilder();
        if (paths != null) {
            // as /api/me/tasks: the caller's own tasks in the place they hold posts in
            within.append(" AND (1 = 0");
            for (int i = 0; i < paths.size(); i++) {
                within.append(" OR (t.node_path >= ?").append(5 + 2 * i).append(" AND t.node_path < ?")
                        .append(6 + 2 * i).append(")");
            }
            within.append(")");
        }
        jakarta.persistence.Query query = entityManager.createNativeQuery(CHANGES.formatted(within))
                .setParameter(1, accountId).setParameter(2, Long.toString(cursor.xid())).setParameter(3, cursor.seq())
                .setParameter(4, size + 1);
        if (paths != null) {
            for (int i = 0; i < paths.size(); i++) {
                query.setParameter(5 + 2 * i, paths.get(i).value())
                        .setParameter(6 + 2 * i, paths.get(i).subtreeUpperBound());
            }
        }
        List<Object[]> rows = query.getResultList();
        boolean more = rows.size() > size;
        List<Object[]> page = more ? rows.subList(0, size) : rows;
        // a task changed twice in a page (given away and back) is what its last change says
        Map<UUID, Boolean> last = new LinkedHashMap<>();
        for (Object[] row : page) {
            UUID id = (UUID) row[1];
            last.remove(id);
            last.put(id, "T".equals(row[0]));
        }
        List<UUID> present = last.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        List<UUID> removed = last.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        Map<UUID, Task> tasks = new HashMap<>();
        if (!present.isEmpty()) {
            Task.<Task>list("id IN ?1", present).forEach(task -> tasks.put(task.id, task));
        }
        List<Task> items = new ArrayList<>();
        present.forEach(id -> items.add(tasks.get(id)));
        SyncPage.Cursor next = page.isEmpty() ? new SyncPage.Cursor(cursor.xid(), cursor.seq(), place)
                : new SyncPage.Cursor(Long.parseLong((String) page.get(page.size() - 1)[2]),
                ((Number) page.get(page.size() - 1)[3]).longValue(), place);
        return new SyncPage<>(items, removed, next.toString(), more, reset);
    }

    /** The caller's place in a few characters: "all" unrestricted, else a hash of their posts' subtrees. */
    static String fingerprint(List<GridPath> paths) {
        if (paths == null) {
            return "all";
        }
        List<String> sorted = paths.stream().map(GridPath::value).sorted().toList();
        return Integer.toHexString(String.join(",", sorted).hashCode());
    }

    /** Tells the former assignee's phone to drop a task given to someone else (in the reassignment's transaction). */
    public void removedFrom(UUID taskId, String accountId) {
        if (accountId != null) {
            entityManager.createNativeQuery("INSERT INTO task_sync_removal (task_id, account_id) VALUES (?1, ?2)")
                    .setParameter(1, taskId).setParameter(2, accountId).executeUpdate();
        }
    }
}
