-- 督办: a task or case that nears its deadline turns yellow, past it red; a red item climbs the tree level by level
-- (micro-grid → village → town …) until it is done, each level's lead taking it. A superior may open one by hand
-- with a deadline of their own; once the work is done the superior closes it with the follow-up (回访) result.

-- Time limits per category, and per category and level where a level needs its own: hours before the deadline an
-- item turns yellow (none: at three quarters of its time), hours a red item stays at a level before it climbs.
ALTER TABLE category ADD COLUMN yellow_hours INT CHECK (yellow_hours > 0);
ALTER TABLE category ADD COLUMN climb_hours INT NOT NULL DEFAULT 24 CHECK (climb_hours > 0);
CREATE TABLE supervision_limit (
    category_code VARCHAR(50) NOT NULL REFERENCES category (code),
    level         VARCHAR(12) NOT NULL,
    yellow_hours  INT CHECK (yellow_hours > 0),
    climb_hours   INT CHECK (climb_hours > 0),
    PRIMARY KEY (category_code, level)
);

CREATE TABLE supervision (
    id                     UUID          PRIMARY KEY,
    subject_type           VARCHAR(4)    NOT NULL CHECK (subject_type IN ('TASK', 'CASE')),
    subject_id             UUID          NOT NULL,
    title                  VARCHAR(500)  NOT NULL,
    category_code          VARCHAR(50)   NOT NULL,
    -- where the work is (moves with a moved grid) and where the supervision now sits (climbs)
    grid_node_id           UUID          NOT NULL,
    grid_path              VARCHAR(1000) COLLATE "C" NOT NULL,
    node_id                UUID          NOT NULL,
    node_name              VARCHAR(100)  NOT NULL,
    node_level             VARCHAR(12)   NOT NULL,
    origin                 VARCHAR(6)    NOT NULL CHECK (origin IN ('AUTO', 'MANUAL')),
    color                  VARCHAR(6)    NOT NULL CHECK (color IN ('YELLOW', 'RED')),
    status                 VARCHAR(7)    NOT NULL CHECK (status IN ('OPEN', 'HANDLED', 'CLOSED')),
    deadline_at            TIMESTAMPTZ   NOT NULL,
    red_at                 TIMESTAMPTZ,
    climbs                 INT           NOT NULL DEFAULT 0,
    climbed_at             TIMESTAMPTZ,
    responsible_person_id  UUID,
    responsible_account_id VARCHAR(200),
    responsible_name       VARCHAR(50),
    opened_by              VARCHAR(200)  NOT NULL,
    opened_at              TIMESTAMPTZ   NOT NULL,
    note                   VARCHAR(1000),
    handled_at             TIMESTAMPTZ,
    follow_up_result       VARCHAR(20),
    follow_up_note         VARCHAR(1000),
    closed_by              VARCHAR(200),
    closed_at              TIMESTAMPTZ,
    version                BIGINT        NOT NULL,
    updated_by             VARCHAR(200)  NOT NULL,
    updated_at             TIMESTAMPTZ   NOT NULL
);
-- the sweep opens one automatic supervision per task or case, ever; a superior one open at a time
CREATE UNIQUE INDEX supervision_auto ON supervision (subject_id) WHERE origin = 'AUTO';
CREATE UNIQUE INDEX supervision_manual_open ON supervision (subject_id) WHERE origin = 'MANUAL' AND status = 'OPEN';
CREATE INDEX supervision_open ON supervision (color, deadline_at) WHERE status = 'OPEN';
CREATE INDEX supervision_place ON supervision (grid_path, opened_at);
CREATE INDEX supervision_grid ON supervision (grid_node_id);

-- its path, as the API returns it: every step with where it sat and who held it
CREATE TABLE supervision_step (
    id               BIGSERIAL     PRIMARY KEY,
    supervision_id   UUID          NOT NULL REFERENCES supervision (id),
    action           VARCHAR(10)   NOT NULL,
    color            VARCHAR(6)    NOT NULL,
    status           VARCHAR(7)    NOT NULL,
    node_id          UUID          NOT NULL,
    node_name        VARCHAR(100)  NOT NULL,
    responsible_name VARCHAR(50),
    actor            VARCHAR(200)  NOT NULL,
    at               TIMESTAMPTZ   NOT NULL,
    note             VARCHAR(1000)
);
CREATE INDEX supervision_step_of ON supervision_step (supervision_id, id);
