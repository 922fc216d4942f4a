-- The town's work on record (活动台账): research visits, seminars, trainings, suggestions, party contact points and
-- problems solved, each at a node on a day (Asia/Shanghai). A counter per node (the activity's node and each of its
-- ancestors) × period (the ISO week, the month and the year of its day) × kind is kept as activities are recorded and
-- withdrawn, so rankings and a year in figures read counters, never the activities.
CREATE TABLE activity (
    id              UUID                      PRIMARY KEY,
    kind            VARCHAR(20)               NOT NULL CHECK (kind IN ('RESEARCH_VISIT', 'SEMINAR', 'TRAINING',
                                                                       'SUGGESTION', 'CONTACT_POINT',
                                                                       'PROBLEM_SOLVED')),
    title           VARCHAR(200)              NOT NULL,
    held_on         DATE                      NOT NULL,
    node_id         UUID                      NOT NULL,
    node_path       VARCHAR(1000) COLLATE "C" NOT NULL,
    node_name       VARCHAR(100)              NOT NULL,
    quantity        INTEGER                   NOT NULL CHECK (quantity BETWEEN 1 AND 100000),
    headcount       INTEGER                   NOT NULL CHECK (headcount BETWEEN 0 AND 100000),
    participant_ids JSONB                     NOT NULL DEFAULT '[]',
    note            VARCHAR(2000),
    status          VARCHAR(10)               NOT NULL CHECK (status IN ('RECORDED', 'WITHDRAWN')),
    recorded_by     VARCHAR(200)              NOT NULL,
    recorded_at     TIMESTAMPTZ               NOT NULL,
    version         BIGINT                    NOT NULL
);
CREATE INDEX activity_place_day ON activity (node_path, held_on);
CREATE INDEX activity_node ON activity (node_id);

CREATE TABLE activity_counter (
    period_id VARCHAR(50) NOT NULL,
    node_id   UUID        NOT NULL,
    kind      VARCHAR(20) NOT NULL,
    records   BIGINT      NOT NULL,
    quantity  BIGINT      NOT NULL,
    PRIMARY KEY (period_id, node_id, kind)
);
