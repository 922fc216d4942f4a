CREATE TABLE test_node (
    id      UUID         PRIMARY KEY,
    code    VARCHAR(15)  NOT NULL UNIQUE,
    name    VARCHAR(100) NOT NULL,
    level   VARCHAR(20)  NOT NULL,
    version BIGINT       NOT NULL,
    created_by VARCHAR(200) NOT NULL
);

CREATE TABLE test_effect (
    event_id   VARCHAR(100) NOT NULL,
    node_id    UUID         NOT NULL,
    name       VARCHAR(100) NOT NULL
);
