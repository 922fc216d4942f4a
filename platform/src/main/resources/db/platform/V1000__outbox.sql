-- Transactional outbox: an event row commits with the state change that caused it; the relay publishes it.
CREATE TABLE outbox_event (
    seq          BIGSERIAL    PRIMARY KEY,
    id           UUID         NOT NULL UNIQUE,
    topic        VARCHAR(100) NOT NULL,
    type         VARCHAR(100) NOT NULL,
    source       VARCHAR(200) NOT NULL,
    aggregate_id VARCHAR(100) NOT NULL,
    subject      VARCHAR(200),
    occurred_at  TIMESTAMPTZ  NOT NULL,
    payload      TEXT         NOT NULL,
    recorded_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;
