-- A member may contest a ledger entry; the branch secretary upholds it (with a reversing entry) or rejects it.
CREATE TABLE appeal (
    id          UUID          PRIMARY KEY,
    entry_id    UUID          NOT NULL REFERENCES ledger_entry (id),
    person_id   UUID          NOT NULL,
    branch      VARCHAR(100),
    reason      VARCHAR(1000) NOT NULL,
    status      VARCHAR(10)   NOT NULL CHECK (status IN ('OPEN', 'UPHELD', 'REJECTED')),
    raised_at   TIMESTAMPTZ   NOT NULL,
    resolved_by VARCHAR(200),
    resolved_at TIMESTAMPTZ,
    resolution  VARCHAR(1000),
    version     BIGINT        NOT NULL
);
CREATE UNIQUE INDEX appeal_one_open_per_entry ON appeal (entry_id) WHERE status = 'OPEN';
CREATE INDEX appeal_branch_status ON appeal (branch, status);
