-- Key-work phases are reporting periods too ("phase-<id>"): kept from keywork.dispatched events; task facts
-- remember their phase so a phase's roll-up counts exactly its tasks.
CREATE TABLE key_work_phase_view (
    phase_id      UUID          PRIMARY KEY,
    item_id       UUID          NOT NULL,
    item_title    VARCHAR(200)  NOT NULL,
    name          VARCHAR(100)  NOT NULL,
    due_at        TIMESTAMPTZ   NOT NULL,
    dispatched_at TIMESTAMPTZ   NOT NULL
);
ALTER TABLE task_fact ADD COLUMN phase_id UUID;
CREATE INDEX task_fact_phase ON task_fact (phase_id, node_path) WHERE phase_id IS NOT NULL;
ALTER TABLE report ALTER COLUMN period_id TYPE VARCHAR(50);
