-- A worker's phone keeps the households of their place by delta (GET /api/me/households/sync), as task-service's
-- V13 does for tasks: every insert or change of a household is stamped (transaction id, sequence); a removed
-- household comes as a change (status REMOVED) for the phone to drop.
CREATE SEQUENCE household_sync_seq;
ALTER TABLE household ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE household ADD COLUMN sync_seq BIGINT NOT NULL DEFAULT nextval('household_sync_seq');

CREATE FUNCTION household_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sync_xid := pg_current_xact_id();
    NEW.sync_seq := nextval('household_sync_seq');
    RETURN NEW;
END
$$;
CREATE TRIGGER household_sync_stamp BEFORE UPDATE ON household FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION household_sync_stamp();
CREATE INDEX household_grid_sync ON household (micro_grid_id, sync_xid, sync_seq);
