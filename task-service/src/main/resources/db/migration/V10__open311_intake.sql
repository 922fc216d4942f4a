-- Residents' voice (知事、议事、办事) from outside: a grid's WeChat group robot, a mini-program or a 12345 hotline
-- system is a registered Open311 client of one jurisdiction (a node and its subtree). Its api key is stored as a
-- SHA-256 hash (the key itself is shown once), it can be revoked, and its calls are counted per minute.
CREATE TABLE open311_client (
    id                   UUID          PRIMARY KEY,
    name                 VARCHAR(100)  NOT NULL,
    jurisdiction_node_id UUID          NOT NULL,
    jurisdiction_code    VARCHAR(15)   NOT NULL,
    jurisdiction_path    VARCHAR(1000) COLLATE "C" NOT NULL,
    key_hash             VARCHAR(64)   NOT NULL UNIQUE,
    key_hint             VARCHAR(8)    NOT NULL,
    per_minute           INTEGER       NOT NULL CHECK (per_minute BETWEEN 1 AND 10000),
    status               VARCHAR(10)   NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    created_by           VARCHAR(200)  NOT NULL,
    created_at           TIMESTAMPTZ   NOT NULL,
    revoked_by           VARCHAR(200),
    revoked_at           TIMESTAMPTZ,
    version              BIGINT        NOT NULL
);
CREATE INDEX open311_client_place ON open311_client (jurisdiction_path);

-- Calls per client and minute: one upsert per call, exact with several instances.
CREATE TABLE open311_usage (
    client_id UUID        NOT NULL,
    minute    TIMESTAMPTZ NOT NULL,
    calls     INTEGER     NOT NULL,
    PRIMARY KEY (client_id, minute)
);

-- Where a case came from, where the resident stood, how the resident was followed up, how often it was reopened.
ALTER TABLE resident_case
    ADD COLUMN source           VARCHAR(10)   NOT NULL DEFAULT 'STAFF' CHECK (source IN ('STAFF', 'OPEN311')),
    ADD COLUMN client_id        UUID,
    ADD COLUMN lat              NUMERIC(9, 6),
    ADD COLUMN lon              NUMERIC(9, 6),
    ADD COLUMN reporter_name    VARCHAR(50),
    ADD COLUMN reporter_phone   VARCHAR(20),
    ADD COLUMN duplicates       INTEGER       NOT NULL DEFAULT 0,
    ADD COLUMN follow_up_result VARCHAR(20)   CHECK (follow_up_result IN ('SATISFIED', 'BASICALLY_SATISFIED',
                                                                          'DISSATISFIED')),
    ADD COLUMN follow_up_note   VARCHAR(1000),
    ADD COLUMN followed_up_at   TIMESTAMPTZ,
    ADD COLUMN reopened         INTEGER       NOT NULL DEFAULT 0;
-- the duplicate check: open cases of a category reported lately
CREATE INDEX resident_case_recent ON resident_case (category_code, reported_at)
    WHERE status NOT IN ('CLOSED', 'NOT_RESPONSIBLE');

-- A resident follows their request with a token (its hash here); a duplicate's reporter gets one to the same case.
CREATE TABLE case_follow_token (
    token_hash VARCHAR(64) PRIMARY KEY,
    case_id    UUID        NOT NULL REFERENCES resident_case (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_follow_token_case ON case_follow_token (case_id);

-- Photos sent with a request (or by staff): type- and size-limited, kept here behind the MediaStore interface.
CREATE TABLE media (
    id           UUID         PRIMARY KEY,
    case_id      UUID         REFERENCES resident_case (id),
    content_type VARCHAR(50)  NOT NULL,
    size_bytes   INTEGER      NOT NULL CHECK (size_bytes > 0),
    sha256       VARCHAR(64)  NOT NULL,
    bytes        BYTEA        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX media_case ON media (case_id);
