-- An update that changes nothing (a re-path that finds the same path, a sweep that sets what is already set) keeps
-- the task's stamp, so phones do not download it again.
DROP TRIGGER task_sync_stamp ON task;
CREATE TRIGGER task_sync_stamp BEFORE UPDATE ON task FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION task_sync_stamp();
