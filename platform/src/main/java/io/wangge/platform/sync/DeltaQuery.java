package io.wangge.platform.sync;

import io.wangge.platform.security.GridPath;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one way a service hands out its records by delta (tasks, households, cases): rows stamped by the database with
 * (transaction id, sequence) on every insert and change, read in that order after the cursor and only below the
 * oldest running transaction ({@code pg_snapshot_xmin}), restricted to the caller's place; the cursor carries the
 * place's fingerprint, and a cursor of another place starts over ({@code reset}).
 */
public final class DeltaQuery {

    /** One page: the ids changed (in order, the last change of each) and those to drop, and where to go on. */
    public record Slice(List<UUID> present, List<UUID> removed, String cursor, boolean more, boolean reset) {
    }

    private DeltaQuery() {
    }

    /**
     * Runs {@code changes}: a native SELECT of (kind 'P' present or 'R' removed, id, sync_xid, sync_seq) from the
     * service's stamped rows, using the named parameters {@code :xid} and {@code :seq} for "after the cursor"
     * ({@code (sync_xid, sync_seq) > (CAST(:xid AS xid8), :seq)}), {@code %s} wherever the place condition on
     * {@code pathColumn} goes (a departure branch names the path it left under the same alias), and {@code params}
     * for its own; the stamp horizon, order and limit are added here.
     */
    public static Slice changes(EntityManager entityManager, String stream, String changes,
                                Map<String, Object> params, String pathColumn, List<GridPath> paths,
                                String cursorText, int size) {
        // the stream's name goes with the place: a cursor of another stream (tasks sent to cases) starts over
        String place = stream + "." + fingerprint(paths);
        SyncPage.Cursor cursor = SyncPage.Cursor.parse(cursorText);
        boolean reset = !cursor.equals(SyncPage.Cursor.START) && !place.equals(cursor.place());
        if (reset) {
            cursor = SyncPage.Cursor.START;
        }
        StringBuilder within = new StringBuilder();
        Map<String, Object> bound = new LinkedHashMap<>(params);
        if (paths != null) {
            within.append(" AND (1 = 0");
            for (int i = 0; i < paths.size(); i++) {
                within.append(" OR (").append(pathColumn).append(" >= :lo").append(i).append(" AND ")
                        .append(pathColumn).append(" < :hi").append(i).append(")");
                bound.put("lo" + i, paths.get(i).value());
                bound.put("hi" + i, paths.get(i).subtreeUpperBound());
            }
            within.append(")");
        }
        String sql = "SELECT c.kind, c.id, CAST(c.sync_xid AS text), c.sync_seq FROM ("
                + changes.replace("%s", within) + ") c WHERE c.sync_xid < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY c.sync_xid, c.sync_seq LIMIT :limit";
        Query query = entityManager.createNativeQuery(sql).setParameter("xid", Long.toString(cursor.xid()))
                .setParameter("seq", cursor.seq()).setParameter("limit", size + 1);
        bound.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        boolean more = rows.size() > size;
        List<Object[]> page = more ? rows.subList(0, size) : rows;
        // a record changed twice in a page (given away and back) is what its last change says
        Map<UUID, Boolean> last = new LinkedHashMap<>();
        for (Object[] row : page) {
            UUID id = (UUID) row[1];
            last.remove(id);
            last.put(id, !"R".equals(row[0]));
        }
        List<UUID> present = new ArrayList<>();
        List<UUID> removed = new ArrayList<>();
        last.forEach((id, here) -> (here ? present : removed).add(id));
        SyncPage.Cursor next = page.isEmpty() ? new SyncPage.Cursor(cursor.xid(), cursor.seq(), place)
                : new SyncPage.Cursor(Long.parseLong((String) page.get(page.size() - 1)[2]),
                ((Number) page.get(page.size() - 1)[3]).longValue(), place);
        return new Slice(present, removed, next.toString(), more, reset);
    }

    /** The caller's place in a few characters: "all" unrestricted, else a hash of their posts' subtrees. */
    static String fingerprint(List<GridPath> paths) {
        if (paths == null) {
            return "all";
        }
        return Integer.toHexString(String.join(",", paths.stream().map(GridPath::value).sorted().toList())
                .hashCode());
    }
}
