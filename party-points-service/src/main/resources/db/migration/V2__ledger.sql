-- Members: party members and their branch, kept from wangge.grid person events (places come from the kernel's
-- assignment read model).
CREATE TABLE member (
    person_id    UUID          PRIMARY KEY,
    account_id   VARCHAR(200),
    name         VARCHAR(50)   NOT NULL,
    party_member BOOLEAN       NOT NULL,
    branch       VARCHAR(100),
    status       VARCHAR(10)   NOT NULL,
    version      BIGINT        NOT NULL
);
CREATE INDEX member_account ON member (account_id);
CREATE INDEX member_branch ON member (branch);

-- The points ledger: append-only. A correction is a reversing entry. (rule, source) is unique, so an event
-- handled twice, or a report filed again after a return, earns once.
CREATE TABLE ledger_entry (
    id             UUID          PRIMARY KEY,
    person_id      UUID          NOT NULL,
    branch         VARCHAR(100),
    node_path      VARCHAR(1000) COLLATE "C",
    points         INTEGER       NOT NULL,
    rule_code      VARCHAR(50)   NOT NULL,
    rule_version   INTEGER       NOT NULL,
    source_key     VARCHAR(100)  NOT NULL,
    source_event   VARCHAR(100),
    award_id       UUID,
    reverses_id    UUID          REFERENCES ledger_entry (id),
    occurred_on    DATE          NOT NULL,
    reason         VARCHAR(500)  NOT NULL,
    created_by     VARCHAR(200)  NOT NULL,
    created_at     TIMESTAMPTZ   NOT NULL,
    UNIQUE (rule_code, source_key)
);
CREATE INDEX ledger_person_day ON ledger_entry (person_id, occurred_on);
CREATE INDEX ledger_day ON ledger_entry (occurred_on);

CREATE TABLE award (
    id           UUID          PRIMARY KEY,
    person_id    UUID          NOT NULL,
    branch       VARCHAR(100),
    rule_code    VARCHAR(50)   NOT NULL,
    points       INTEGER       NOT NULL,
    evidence     VARCHAR(2000) NOT NULL,
    status       VARCHAR(10)   NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
    proposed_by  VARCHAR(200)  NOT NULL,
    proposed_at  TIMESTAMPTZ   NOT NULL,
    decided_by   VARCHAR(200),
    decided_at   TIMESTAMPTZ,
    decision     VARCHAR(500),
    version      BIGINT        NOT NULL
);
CREATE INDEX award_branch_status ON award (branch, status);
