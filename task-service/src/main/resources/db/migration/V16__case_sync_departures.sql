-- A case that leaves a place (escalated above it, its grid moved elsewhere) is dropped from that place's phones:
-- its old path is written down, stamped just before the case's own new stamp, so a phone that still sees the case
-- (a town cadre when it climbs from a grid to the village) takes the case after the departure and keeps it.
CREATE TABLE case_sync_departure (
    case_id   UUID          NOT NULL REFERENCES resident_case (id),
    node_path VARCHAR(1000) COLLATE "C" NOT NULL,
    sync_xid  xid8          NOT NULL DEFAULT pg_current_xact_id(),
    sync_seq  BIGINT        NOT NULL DEFAULT nextval('case_sync_seq')
);
CREATE INDEX case_sync_departure_stamp ON case_sync_departure (sync_xid, sync_seq);

CREATE OR REPLACE FUNCTION case_sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.node_path IS DISTINCT FROM NEW.node_path THEN
        INSERT INTO case_sync_departure (case_id, node_path) VALUES (OLD.id, OLD.node_path);
    END IF;
    NEW.sync_xid := pg_current_xact_id();
    NEW.sync_seq := nextval('case_sync_seq');
    RETURN NEW;
END
$$;
