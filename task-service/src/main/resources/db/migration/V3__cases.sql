-- Residents' matters raised through a grid's channel (知事、议事、办事), handled in the digital city-management
-- flow: reported → registered (立案) → dispatched (派遣) → handled (处置) → verified (核查) → closed (结案).
CREATE TABLE resident_case (
    id                   UUID          PRIMARY KEY,
    node_id              UUID          NOT NULL,
    node_path            VARCHAR(1000) COLLATE "C" NOT NULL,
    node_name            VARCHAR(100)  NOT NULL,
    category_code        VARCHAR(50)   NOT NULL REFERENCES category (code),
    description          VARCHAR(2000) NOT NULL,
    location_text        VARCHAR(200),
    household_id         UUID,
    reported_by          VARCHAR(200)  NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    handler              VARCHAR(200),
    escalated_to_node_id UUID,
    last_note            VARCHAR(1000),
    reported_at          TIMESTAMPTZ   NOT NULL,
    deadline_at          TIMESTAMPTZ   NOT NULL,
    closed_at            TIMESTAMPTZ,
    version              BIGINT        NOT NULL,
    updated_by           VARCHAR(200)  NOT NULL,
    updated_at           TIMESTAMPTZ   NOT NULL
);
CREATE INDEX resident_case_path ON resident_case (node_path);
CREATE INDEX resident_case_status ON resident_case (status, deadline_at);

CREATE TABLE case_history (
    id          BIGSERIAL     PRIMARY KEY,
    case_id     UUID          NOT NULL REFERENCES resident_case (id),
    action      VARCHAR(20)   NOT NULL,
    from_status VARCHAR(16),
    to_status   VARCHAR(16)   NOT NULL,
    actor       VARCHAR(200)  NOT NULL,
    at          TIMESTAMPTZ   NOT NULL,
    note        VARCHAR(1000)
);
CREATE INDEX case_history_case ON case_history (case_id, id);
