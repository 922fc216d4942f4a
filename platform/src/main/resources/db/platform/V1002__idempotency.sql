-- Idempotency-Key: the first response to a (caller, key) is kept and replayed to retries.
CREATE TABLE idempotency_record (
    principal     VARCHAR(200) NOT NULL,
    idem_key      VARCHAR(200) NOT NULL,
    request_hash  VARCHAR(64)  NOT NULL,
    status        INTEGER      NOT NULL,
    content_type  VARCHAR(100),
    body          TEXT,
    etag          VARCHAR(100),
    location      VARCHAR(1000),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
