-- Roll-ups read counters kept as task events arrive, never the facts: per node (the task's grid and each of its
-- ancestors) × period (the ISO week and the month of the due day in Asia/Shanghai, and the key-work phase) ×
-- category. A task's new state subtracts its old contribution and adds the new one; a moved grid subtracts from
-- the old ancestors and adds to the new.
CREATE TABLE rollup_counter (
    period_id         VARCHAR(50) NOT NULL,
    node_id           UUID        NOT NULL,
    category          VARCHAR(50) NOT NULL,
    dispatched        BIGINT      NOT NULL,
    completed         BIGINT      NOT NULL,
    completed_on_time BIGINT      NOT NULL,
    overdue           BIGINT      NOT NULL,
    open              BIGINT      NOT NULL,
    cancelled         BIGINT      NOT NULL,
    PRIMARY KEY (period_id, node_id, category)
);
-- The counters as the facts say they should be: run once here, and again wherever facts were written behind the
-- consumer's back (a restore, a benchmark's seed).
CREATE FUNCTION rollup_counters_rebuild() RETURNS void LANGUAGE sql AS $$
DELETE FROM rollup_counter;
INSERT INTO rollup_counter (period_id, node_id, category, dispatched, completed, completed_on_time, overdue, open,
                            cancelled)
SELECT p.period_id, CAST(a.node AS uuid), f.category, count(*),
       count(*) FILTER (WHERE f.status = 'COMPLETED'),
       count(*) FILTER (WHERE f.status = 'COMPLETED' AND f.on_time),
       count(*) FILTER (WHERE f.overdue AND f.status NOT IN ('COMPLETED', 'CANCELLED')),
       count(*) FILTER (WHERE f.status NOT IN ('COMPLETED', 'CANCELLED')),
       count(*) FILTER (WHERE f.status = 'CANCELLED')
  FROM task_fact f
  CROSS JOIN LATERAL regexp_split_to_table(trim(BOTH '/' FROM f.node_path), '/') AS a(node)
  CROSS JOIN LATERAL (VALUES (to_char(f.due_at AT TIME ZONE 'Asia/Shanghai', 'IYYY-"W"IW')),
                             (to_char(f.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')),
                             ('phase-' || f.phase_id)) AS p(period_id)
 WHERE p.period_id IS NOT NULL
 GROUP BY 1, 2, 3;
$$;
SELECT rollup_counters_rebuild();
