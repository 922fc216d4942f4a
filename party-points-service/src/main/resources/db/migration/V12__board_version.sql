-- Leaderboards rank every member of a place; they are computed once per change of what they read and answered from
-- that computation until the next change. The version counts those changes: every statement that writes a period
-- total, a member or a member's post bumps it in its own transaction, so a board computed after reading a version
-- holds at least what that version holds. The triggers are in R__board_version_triggers.sql, run after every
-- versioned migration: the grid read model's assignment_view is created after this one.
CREATE TABLE board_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version  BIGINT  NOT NULL
);
INSERT INTO board_version (only_row, version) VALUES (TRUE, 0);

CREATE FUNCTION board_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_version SET version = version + 1;
    RETURN NULL;
END
$$;
