-- A consuming service's copy of the grid tree and its staff, built from wangge.grid and rebuildable by replay
-- (add db/grid-read-model to quarkus.flyway.locations). Each row keeps the version of the state it holds; an
-- older state arriving late never overwrites a newer one.
CREATE TABLE grid_node_view (
    id         UUID          PRIMARY KEY,
    code       VARCHAR(15)   NOT NULL,
    name       VARCHAR(100)  NOT NULL,
    level      VARCHAR(12)   NOT NULL,
    parent_id  UUID,
    path       VARCHAR(1000) COLLATE "C" NOT NULL,
    depth      INTEGER       NOT NULL,
    status     VARCHAR(10)   NOT NULL,
    version    BIGINT        NOT NULL
);
CREATE INDEX grid_node_view_path ON grid_node_view (path);
CREATE INDEX grid_node_view_level ON grid_node_view (level, path);

CREATE TABLE assignment_view (
    id           UUID          PRIMARY KEY,
    person_id    UUID          NOT NULL,
    account_id   VARCHAR(200),
    person_name  VARCHAR(50)   NOT NULL,
    node_id      UUID          NOT NULL,
    node_path    VARCHAR(1000) COLLATE "C" NOT NULL,
    role         VARCHAR(40)   NOT NULL,
    is_primary   BOOLEAN       NOT NULL,
    status       VARCHAR(10)   NOT NULL,
    version      BIGINT        NOT NULL
);
CREATE INDEX assignment_view_account ON assignment_view (account_id) WHERE status = 'ACTIVE';
CREATE INDEX assignment_view_node ON assignment_view (node_id, role) WHERE status = 'ACTIVE' AND is_primary;
