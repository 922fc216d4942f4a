-- Households whose micro-grid moved to another place (POST /api/grids/{id}/move) are dropped from the old place's
-- phones: the old path, stamped before the households' new stamps (GridNodeService.move).
CREATE TABLE household_sync_departure (
    household_id UUID          NOT NULL REFERENCES household (id),
    path         VARCHAR(1000) COLLATE "C" NOT NULL,
    sync_xid     xid8          NOT NULL DEFAULT pg_current_xact_id(),
    sync_seq     BIGINT        NOT NULL DEFAULT nextval('household_sync_seq')
);
CREATE INDEX household_sync_departure_stamp ON household_sync_departure (sync_xid, sync_seq);
