-- Deeds of people not known yet: work events can overtake the person's own event (two topics, no order between
-- them; a replay of wangge.task ahead of wangge.grid). They wait here and are earned when the person arrives.
CREATE TABLE pending_deed (
    id         UUID         PRIMARY KEY,
    person_id  UUID         NOT NULL,
    rule_code  VARCHAR(50)  NOT NULL,
    source_key VARCHAR(200) NOT NULL,
    deed       JSONB        NOT NULL,
    parked_at  TIMESTAMPTZ  NOT NULL,
    UNIQUE (person_id, rule_code, source_key)
);
