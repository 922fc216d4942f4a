-- Idempotent consumers: (consumer, event id) is inserted first, in the transaction of the effect.
CREATE TABLE inbox_event (
    consumer   VARCHAR(100) NOT NULL,
    event_id   VARCHAR(100) NOT NULL,
    event_type VARCHAR(100) NOT NULL,
    handled_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
