-- Point rules are versioned: a change is a new row with a later effective date; entries keep the version
-- they were earned under, so history is never rewritten.
CREATE TABLE point_rule (
    id              UUID         PRIMARY KEY,
    code            VARCHAR(50)  NOT NULL,
    rule_version    INTEGER      NOT NULL,
    name            VARCHAR(100) NOT NULL,
    kind            VARCHAR(10)  NOT NULL CHECK (kind IN ('EVENT', 'MANUAL')),
    event_type      VARCHAR(100),
    condition       VARCHAR(50),
    category        VARCHAR(50),
    points          INTEGER,
    min_points      INTEGER,
    max_points      INTEGER,
    cap_period      VARCHAR(10)  CHECK (cap_period IN ('DAY', 'WEEK', 'MONTH', 'YEAR')),
    cap_points      INTEGER,
    effective_from  DATE         NOT NULL,
    created_by      VARCHAR(200) NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (code, rule_version),
    CHECK ((kind = 'EVENT' AND event_type IS NOT NULL AND points IS NOT NULL)
        OR (kind = 'MANUAL' AND ((points IS NOT NULL) OR (min_points IS NOT NULL AND max_points IS NOT NULL))))
);

INSERT INTO point_rule (id, code, rule_version, name, kind, event_type, condition, points, min_points, max_points,
                        cap_period, cap_points, effective_from, created_by) VALUES
    ('6f1d0c2e-0001-4000-8000-000000000001', 'TASK_ON_TIME', 1, '按时完成任务', 'EVENT', 'wangge.task.completed.v1', 'ON_TIME', 5, NULL, NULL, NULL, NULL, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000002', 'TASK_LATE', 1, '逾期完成任务', 'EVENT', 'wangge.task.completed.v1', 'LATE', 2, NULL, NULL, NULL, NULL, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000003', 'TASK_OVERDUE', 1, '任务逾期未完成', 'EVENT', 'wangge.task.overdue.v1', NULL, -3, NULL, NULL, NULL, NULL, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000004', 'REPORT_ON_TIME', 1, '按时报送周报', 'EVENT', 'wangge.report.filed.v1', 'ON_TIME', 3, NULL, NULL, NULL, NULL, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000005', 'HOUSEHOLD_VISIT', 1, '包户走访（每户次）', 'EVENT', 'wangge.report.filed.v1', 'PER_HOUSEHOLD_VISIT', 1, NULL, NULL, 'MONTH', 20, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000006', 'VOLUNTEER_SERVICE', 1, '志愿服务', 'MANUAL', NULL, NULL, NULL, 2, 10, 'MONTH', 30, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000007', 'TRAINING_ATTENDED', 1, '参加培训', 'MANUAL', NULL, NULL, 2, NULL, NULL, NULL, NULL, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000008', 'PRACTICAL_THINGS', 1, '我为群众办实事', 'MANUAL', NULL, NULL, NULL, 5, 20, NULL, NULL, DATE '2026-01-01', 'system'),
    ('6f1d0c2e-0001-4000-8000-000000000009', 'MODEL_DEED', 1, '先进事迹', 'MANUAL', NULL, NULL, NULL, 10, 30, 'YEAR', 60, DATE '2026-01-01', 'system');
