-- What a leaderboard reads: a transaction that changes a row of it bumps board_version (V12) once, at its commit.
-- Repeatable, so that it runs after every versioned migration, the grid read model's included (a constraint trigger
-- cannot be replaced in place: dropped and made again).
DROP TRIGGER IF EXISTS member_period_total_board ON member_period_total;
CREATE CONSTRAINT TRIGGER member_period_total_board AFTER INSERT OR UPDATE OR DELETE ON member_period_total
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_changed();
DROP TRIGGER IF EXISTS member_board ON member;
CREATE CONSTRAINT TRIGGER member_board AFTER INSERT OR UPDATE OR DELETE ON member
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_changed();
DROP TRIGGER IF EXISTS assignment_view_board ON assignment_view;
CREATE CONSTRAINT TRIGGER assignment_view_board AFTER INSERT OR UPDATE OR DELETE ON assignment_view
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION board_changed();
