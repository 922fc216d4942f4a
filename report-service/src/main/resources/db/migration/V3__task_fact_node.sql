-- A moved grid takes its task facts along (UPDATE task_fact ... WHERE node_id): by index, not by a scan.
CREATE INDEX task_fact_node ON task_fact (node_id);
