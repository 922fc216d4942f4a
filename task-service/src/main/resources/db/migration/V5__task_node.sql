-- A moved grid takes its tasks along (UPDATE task ... WHERE node_id): by index, not by a scan of every task.
CREATE INDEX task_node ON task (node_id);
