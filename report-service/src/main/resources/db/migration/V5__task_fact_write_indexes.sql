-- Roll-ups, rankings and briefs read rollup_counter, never the facts by path: these two indexes only slowed every
-- fact the consumer writes (a path is up to 1,000 characters). A moved grid finds its facts by task_fact_node.
DROP INDEX IF EXISTS task_fact_path_due;
DROP INDEX IF EXISTS task_fact_phase;
