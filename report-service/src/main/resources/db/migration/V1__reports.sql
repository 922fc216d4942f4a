-- Task facts: the newest state of every task, kept from wangge.task; roll-ups are aggregates over it.
CREATE TABLE task_fact (
    task_id      UUID          PRIMARY KEY,
    item_id      UUID          NOT NULL,
    category     VARCHAR(50)   NOT NULL,
    node_id      UUID          NOT NULL,
    node_path    VARCHAR(1000) COLLATE "C" NOT NULL,
    status       VARCHAR(12)   NOT NULL,
    due_at       TIMESTAMPTZ   NOT NULL,
    overdue      BOOLEAN       NOT NULL,
    completed_at TIMESTAMPTZ,
    on_time      BOOLEAN,
    version      BIGINT        NOT NULL
);
CREATE INDEX task_fact_path_due ON task_fact (node_path, due_at);

-- Periodic reports (收网): one per node and period.
CREATE TABLE report (
    id            UUID          PRIMARY KEY,
    node_id       UUID          NOT NULL,
    node_path     VARCHAR(1000) COLLATE "C" NOT NULL,
    node_name     VARCHAR(100)  NOT NULL,
    node_level    VARCHAR(12)   NOT NULL,
    period_id     VARCHAR(10)   NOT NULL,
    author        VARCHAR(200)  NOT NULL,
    status        VARCHAR(10)   NOT NULL CHECK (status IN ('DRAFT', 'FILED', 'RETURNED', 'ACCEPTED')),
    filed_at      TIMESTAMPTZ,
    on_time       BOOLEAN,
    sections      JSONB         NOT NULL DEFAULT '[]',
    activities    JSONB         NOT NULL DEFAULT '{}',
    narrative     VARCHAR(10000),
    attachments   JSONB         NOT NULL DEFAULT '[]',
    return_reason VARCHAR(1000),
    version       BIGINT        NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    updated_by    VARCHAR(200)  NOT NULL,
    updated_at    TIMESTAMPTZ   NOT NULL,
    UNIQUE (node_id, period_id)
);
CREATE INDEX report_path_period ON report (period_id, node_path);
