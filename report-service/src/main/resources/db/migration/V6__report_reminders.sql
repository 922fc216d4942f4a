-- 收网提醒: a node that has not filed its report of a period is reminded once, a while before its level's deadline
-- (wangge.report.reminders.before); the row is what makes it once, however often the sweep runs.
CREATE TABLE report_reminder (
    node_id     UUID          NOT NULL,
    period_id   VARCHAR(50)   NOT NULL,
    deadline_at TIMESTAMPTZ   NOT NULL,
    status      VARCHAR(8)    NOT NULL,
    reminded_at TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (node_id, period_id)
);
