-- Leaderboards rank every member of a place; they are computed once per change of what they read and answered from
-- that computation until the next change. The version counts those changes: a transaction that writes a period
-- total, a member or a member's post bumps it once, as it commits, so a board computed after reading a version holds
-- at least what that version holds. At the commit, not at the write: the row is then the last lock a writer takes
-- and is held only while it commits, so writers neither queue behind each other's whole transactions nor wait on
-- each other in a cycle. The triggers are in R__board_version_triggers.sql, run after every versioned migration:
-- the grid read model's assignment_view is created after this one.
CREATE TABLE board_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version  BIGINT  NOT NULL
);
INSERT INTO board_version (only_row, version) VALUES (TRUE, 0);

-- Fired (deferred) for each changed row at commit; bumps on the first of them only.
CREATE FUNCTION board_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('wangge.board_changed_in', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('wangge.board_changed_in', txid_current()::text, true);
        UPDATE board_version SET version = version + 1;
    END IF;
    RETURN NULL;
END
$$;
