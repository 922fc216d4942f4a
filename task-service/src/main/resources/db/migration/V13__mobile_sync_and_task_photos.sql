-- A worker's phone keeps its task list by delta (GET /api/me/tasks/sync). Every insert or update of a task stamps
-- it with its transaction's id and a sequence number; a sync hands out, in (xid, seq) order, only rows whose
-- transaction is older than every transaction still running (pg_snapshot_xmin), so a cursor never passes a row
-- that commits later with a smaller stamp.
CREATE SEQUENCE task_sync_seq;
ALTER TABLE task ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE task ADD COLUMN sync_seq BIGINT NOT NULL DEFAULT nextval('task_sync_seq');

CREATE FUNCTION task_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sync_xid := pg_current_xact_id();
    NEW.sync_seq := nextval('task_sync_seq');
    RETURN NEW;
END
$$;
-- inserts take the defaults (a dispatch's INSERT … SELECT runs no trigger); every update is stamped anew
CREATE TRIGGER task_sync_stamp BEFORE UPDATE ON task FOR EACH ROW EXECUTE FUNCTION task_sync_stamp();
CREATE INDEX task_assignee_sync ON task (assignee_account_id, sync_xid, sync_seq);

-- A task that left a worker's list (given to someone else): their phone is told to drop it.
CREATE TABLE task_sync_removal (
    task_id    UUID         NOT NULL REFERENCES task (id),
    account_id VARCHAR(200) NOT NULL,
    sync_xid   xid8         NOT NULL DEFAULT pg_current_xact_id(),
    sync_seq   BIGINT       NOT NULL DEFAULT nextval('task_sync_seq')
);
CREATE INDEX task_sync_removal_account ON task_sync_removal (account_id, sync_xid, sync_seq);

-- Photos a worker takes as evidence of a task, in the same store as residents' photos.
ALTER TABLE media ADD COLUMN task_id UUID REFERENCES task (id);
CREATE INDEX media_task ON media (task_id);
