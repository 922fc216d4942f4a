-- The cases of a place by delta for the phones of its cadres (GET /api/cases/sync), stamped as tasks are (V13).
CREATE SEQUENCE case_sync_seq;
ALTER TABLE resident_case ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE resident_case ADD COLUMN sync_seq BIGINT NOT NULL DEFAULT nextval('case_sync_seq');

CREATE FUNCTION case_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sync_xid := pg_current_xact_id();
    NEW.sync_seq := nextval('case_sync_seq');
    RETURN NEW;
END
$$;
CREATE TRIGGER case_sync_stamp BEFORE UPDATE ON resident_case FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION case_sync_stamp();
CREATE INDEX resident_case_sync ON resident_case (sync_xid, sync_seq);
