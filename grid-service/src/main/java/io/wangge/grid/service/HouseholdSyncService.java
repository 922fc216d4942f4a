package io.wangge.grid.service;

import io.wangge.grid.Household;
import io.wangge.platform.sync.DeltaQuery;
import io.wangge.platform.sync.SyncPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The households of the caller's place by delta for their phone (V6), through {@link DeltaQuery}: in the order
 * they changed, a household taken off the books arriving as REMOVED.
 */
@ApplicationScoped
public class HouseholdSyncService {

    private static final String CHANGES = """
            SELECT 'P' AS kind, h.id, h.sync_xid, h.sync_seq FROM household h
              JOIN grid_node n ON n.id = h.micro_grid_id
             WHERE (h.sync_xid, h.sync_seq) > (CAST(:xid AS xid8), :seq)%s
            UNION ALL
            SELECT 'R', n.household_id, n.sync_xid, n.sync_seq FROM household_sync_departure n
             WHERE (n.sync_xid, n.sync_seq) > (CAST(:xid AS xid8), :seq)%s""";

    @Inject
    EntityManager entityManager;

    @Inject
    GridAccess access;

    @Transactional
    public SyncPage<Household> changes(String cursorText, int size) {
        DeltaQuery.Slice slice = DeltaQuery.changes(entityManager, "households", CHANGES, Map.of(), "n.path",
                access.restrictingPaths(), cursorText, size);
        Map<UUID, Household> found = new HashMap<>();
        if (!slice.present().isEmpty()) {
            Household.<Household>list("id IN ?1", slice.present()).forEach(h -> found.put(h.id, h));
        }
        List<Household> items = slice.present().stream().map(found::get).toList();
        return new SyncPage<>(items, slice.removed(), slice.cursor(), slice.more(), slice.reset());
    }
}
