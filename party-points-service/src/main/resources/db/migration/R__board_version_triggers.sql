-- What a leaderboard reads: a statement that writes any of it bumps board_version (V12). Repeatable, so that it runs
-- after every versioned migration, the grid read model's included.
CREATE OR REPLACE TRIGGER member_period_total_board AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON member_period_total
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();
CREATE OR REPLACE TRIGGER member_board AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON member
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();
CREATE OR REPLACE TRIGGER assignment_view_board AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assignment_view
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();
