-- Key work (重点工作) cast into the net: an item, its optional phases, and one task per (item, phase, grid).
CREATE TABLE key_work_item (
    id               UUID          PRIMARY KEY,
    title            VARCHAR(200)  NOT NULL,
    category_code    VARCHAR(50)   NOT NULL REFERENCES category (code),
    description      VARCHAR(4000),
    checklist        JSONB         NOT NULL DEFAULT '[]',
    scope_node_ids   JSONB         NOT NULL,
    target_level     VARCHAR(12)   NOT NULL,
    assignee_role    VARCHAR(40)   NOT NULL,
    due_at           TIMESTAMPTZ   NOT NULL,
    recurrence       VARCHAR(10)   NOT NULL DEFAULT 'NONE',
    status           VARCHAR(10)   NOT NULL CHECK (status IN ('DRAFT', 'DISPATCHED', 'CLOSED')),
    task_count       INTEGER       NOT NULL DEFAULT 0,
    unassigned_count INTEGER       NOT NULL DEFAULT 0,
    dispatched_at    TIMESTAMPTZ,
    dispatched_by    VARCHAR(200),
    version          BIGINT        NOT NULL,
    created_by       VARCHAR(200)  NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_by       VARCHAR(200)  NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL
);

CREATE TABLE key_work_phase (
    id       UUID         PRIMARY KEY,
    item_id  UUID         NOT NULL REFERENCES key_work_item (id),
    seq      INTEGER      NOT NULL,
    name     VARCHAR(100) NOT NULL,
    due_at   TIMESTAMPTZ  NOT NULL,
    UNIQUE (item_id, seq)
);

CREATE TABLE task (
    id                   UUID          PRIMARY KEY,
    item_id              UUID          NOT NULL REFERENCES key_work_item (id),
    phase_id             UUID          REFERENCES key_work_phase (id),
    title                VARCHAR(200)  NOT NULL,
    category_code        VARCHAR(50)   NOT NULL,
    node_id              UUID          NOT NULL,
    node_path            VARCHAR(1000) COLLATE "C" NOT NULL,
    node_name            VARCHAR(100)  NOT NULL,
    node_level           VARCHAR(12)   NOT NULL,
    assignee_person_id   UUID,
    assignee_account_id  VARCHAR(200),
    assignee_name        VARCHAR(50),
    status               VARCHAR(12)   NOT NULL,
    due_at               TIMESTAMPTZ   NOT NULL,
    overdue              BOOLEAN       NOT NULL DEFAULT FALSE,
    evidence             JSONB,
    submitted_at         TIMESTAMPTZ,
    completed_at         TIMESTAMPTZ,
    on_time              BOOLEAN,
    verified_by          VARCHAR(200),
    escalated_to_node_id UUID,
    escalation_reason    VARCHAR(1000),
    return_reason        VARCHAR(1000),
    version              BIGINT        NOT NULL,
    created_at           TIMESTAMPTZ   NOT NULL,
    updated_by           VARCHAR(200)  NOT NULL,
    updated_at           TIMESTAMPTZ   NOT NULL
);
CREATE UNIQUE INDEX task_one_per_grid ON task (item_id, COALESCE(phase_id, '00000000-0000-0000-0000-000000000000'), node_id);
CREATE INDEX task_node_path ON task (node_path);
CREATE INDEX task_item ON task (item_id, node_path);
CREATE INDEX task_assignee ON task (assignee_account_id, status);
CREATE INDEX task_due_open ON task (due_at) WHERE NOT overdue AND status NOT IN ('COMPLETED', 'CANCELLED');

-- Who moved a task from what to what, when and why: the full status history.
CREATE TABLE task_history (
    id          BIGSERIAL     PRIMARY KEY,
    task_id     UUID          NOT NULL REFERENCES task (id),
    action      VARCHAR(20)   NOT NULL,
    from_status VARCHAR(12),
    to_status   VARCHAR(12)   NOT NULL,
    actor       VARCHAR(200)  NOT NULL,
    at          TIMESTAMPTZ   NOT NULL,
    note        VARCHAR(1000)
);
CREATE INDEX task_history_task ON task_history (task_id, id);
