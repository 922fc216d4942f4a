-- The grid tree: county → town → village (mid-grid) → grid → micro-grid. `path` is the materialised path of ids
-- (/id/…/id/) in the "C" collation, so a subtree is one index range: path >= '/a/b/' AND path < '/a/b0'.
CREATE TABLE grid_node (
    id              UUID          PRIMARY KEY,
    code            VARCHAR(15)   NOT NULL UNIQUE,
    name            VARCHAR(100)  NOT NULL,
    level           VARCHAR(12)   NOT NULL CHECK (level IN ('COUNTY', 'TOWN', 'VILLAGE', 'GRID', 'MICRO_GRID')),
    parent_id       UUID          REFERENCES grid_node (id),
    path            VARCHAR(1000) COLLATE "C" NOT NULL UNIQUE,
    depth           INTEGER       NOT NULL,
    households      INTEGER       CHECK (households >= 0),
    population      INTEGER       CHECK (population >= 0),
    area_km2        NUMERIC(12, 3) CHECK (area_km2 >= 0),
    contact_channel VARCHAR(500),
    boundary        JSONB,
    status          VARCHAR(10)   NOT NULL CHECK (status IN ('ACTIVE', 'RETIRED')),
    version         BIGINT        NOT NULL,
    created_by      VARCHAR(200)  NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_by      VARCHAR(200)  NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX grid_node_parent ON grid_node (parent_id, code);
CREATE INDEX grid_node_code_prefix ON grid_node (code text_pattern_ops);
CREATE INDEX grid_node_level ON grid_node (level, path);

CREATE TABLE person (
    id            UUID          PRIMARY KEY,
    name          VARCHAR(50)   NOT NULL,
    phone         VARCHAR(20),
    account_id    VARCHAR(200)  UNIQUE,
    party_member  BOOLEAN       NOT NULL DEFAULT FALSE,
    party_branch  VARCHAR(100),
    status        VARCHAR(10)   NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    version       BIGINT        NOT NULL,
    created_by    VARCHAR(200)  NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    updated_by    VARCHAR(200)  NOT NULL,
    updated_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX person_name ON person (name);

-- Staff assignments keep their history: an ended assignment gets valid_to and status ENDED, never deleted.
CREATE TABLE assignment (
    id          UUID         PRIMARY KEY,
    person_id   UUID         NOT NULL REFERENCES person (id),
    node_id     UUID         NOT NULL REFERENCES grid_node (id),
    role        VARCHAR(40)  NOT NULL,
    is_primary  BOOLEAN      NOT NULL,
    valid_from  DATE         NOT NULL,
    valid_to    DATE,
    status      VARCHAR(10)  NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
    version     BIGINT       NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_by  VARCHAR(200) NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
-- 主要负责人: at most one active primary per node and role.
CREATE UNIQUE INDEX assignment_one_primary ON assignment (node_id, role) WHERE is_primary AND status = 'ACTIVE';
CREATE UNIQUE INDEX assignment_once ON assignment (person_id, node_id, role) WHERE status = 'ACTIVE';
CREATE INDEX assignment_node ON assignment (node_id, role);
CREATE INDEX assignment_person ON assignment (person_id);

CREATE TABLE household (
    id               UUID          PRIMARY KEY,
    micro_grid_id    UUID          NOT NULL REFERENCES grid_node (id),
    address          VARCHAR(200)  NOT NULL,
    head_name        VARCHAR(50)   NOT NULL,
    members_count    INTEGER       NOT NULL CHECK (members_count BETWEEN 0 AND 100),
    tags             VARCHAR(50)[] NOT NULL DEFAULT '{}',
    contact_cadre_id UUID          REFERENCES person (id),
    last_visited_on  DATE,
    visit_count      INTEGER       NOT NULL DEFAULT 0,
    status           VARCHAR(10)   NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
    version          BIGINT        NOT NULL,
    created_by       VARCHAR(200)  NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_by       VARCHAR(200)  NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX household_micro_grid ON household (micro_grid_id, address);
CREATE INDEX household_contact_cadre ON household (contact_cadre_id);

CREATE TABLE household_visit (
    id            UUID         PRIMARY KEY,
    household_id  UUID         NOT NULL REFERENCES household (id),
    visitor_id    UUID         REFERENCES person (id),
    visited_on    DATE         NOT NULL,
    note          VARCHAR(1000),
    recorded_by   VARCHAR(200) NOT NULL,
    recorded_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX household_visit_household ON household_visit (household_id, visited_on);
