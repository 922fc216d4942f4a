-- 提醒: reminders that reach people. A grid node may have a webhook (a WeCom group robot's address takes a JSON
-- post); each reminder is a notice, delivered to the nearest webhook at or above the node it is addressed to, and
-- kept as a delivery row until it is sent: retried with back-off while the webhook is down, held in quiet hours.
CREATE TABLE notice_webhook (
    node_id    UUID          PRIMARY KEY,
    url        VARCHAR(500)  NOT NULL,
    label      VARCHAR(100),
    version    BIGINT        NOT NULL,
    updated_by VARCHAR(200)  NOT NULL,
    updated_at TIMESTAMPTZ   NOT NULL
);

CREATE TABLE notice (
    id           UUID          PRIMARY KEY,
    kind         VARCHAR(10)   NOT NULL CHECK (kind IN ('DUE_SOON', 'OVERDUE', 'ESCALATED', 'SUPERVISED')),
    subject_type VARCHAR(11)   NOT NULL CHECK (subject_type IN ('SUPERVISION')),
    subject_id   UUID          NOT NULL,
    -- whom it is for (the node the item sits at) and where the work is (what a caller's place is checked against)
    node_id      UUID          NOT NULL,
    node_name    VARCHAR(100)  NOT NULL,
    grid_path    VARCHAR(1000) COLLATE "C" NOT NULL,
    text         VARCHAR(2000) NOT NULL,
    raised_at    TIMESTAMPTZ   NOT NULL,
    -- a step of an item is told once, however often the sweep that took it runs
    UNIQUE (subject_id, kind, node_id)
);
CREATE INDEX notice_place ON notice (grid_path, raised_at);

CREATE TABLE notice_delivery (
    id              BIGSERIAL     PRIMARY KEY,
    notice_id       UUID          NOT NULL REFERENCES notice (id),
    webhook_node_id UUID          NOT NULL,
    status          VARCHAR(7)    NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DROPPED')),
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      VARCHAR(500),
    sent_at         TIMESTAMPTZ,
    UNIQUE (notice_id, webhook_node_id)
);
CREATE INDEX notice_delivery_due ON notice_delivery (next_attempt_at) WHERE status = 'PENDING';
