-- Deeds of people not known yet: work events can overtake the person's own event (two topics, no order between
-- them; a replay of wangge.task ahead of wangge.grid). They wait here, under the person (task events name one)
-- or the account (report events name the author's), and are earned when the person arrives.
CREATE TABLE pending_deed (
    id         UUID         PRIMARY KEY,
    person_id  UUID,
    account_id VARCHAR(200),
    rule_code  VARCHAR(50)  NOT NULL,
    source_key VARCHAR(200) NOT NULL,
    deed       JSONB        NOT NULL,
    parked_at  TIMESTAMPTZ  NOT NULL,
    CHECK (person_id IS NOT NULL OR account_id IS NOT NULL)
);
CREATE UNIQUE INDEX pending_deed_person ON pending_deed (person_id, rule_code, source_key)
    WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX pending_deed_account ON pending_deed (account_id, rule_code, source_key)
    WHERE person_id IS NULL;
