-- Event rules may name a category: a task of that category earns by it instead of the generic rule.
INSERT INTO point_rule (id, code, rule_version, name, kind, event_type, condition, category, points,
                        effective_from, created_by) VALUES
    ('6f1d0c2e-0001-4000-8000-000000000010', 'SAFETY_TASK_ON_TIME', 1, '按时完成安全生产任务', 'EVENT',
     'wangge.task.completed.v1', 'ON_TIME', 'SAFETY_PRODUCTION', 8, DATE '2026-01-01', 'system');
