-- The relay deletes a row once Kafka has it (no published rows to update, then prune), so the table holds only what
-- is still to be sent and what Kafka refused for good: such a row is parked with its error, and the rows behind it
-- keep flowing.
DROP INDEX outbox_event_pending;
DROP INDEX outbox_event_published;
DELETE FROM outbox_event WHERE published_at IS NOT NULL;
ALTER TABLE outbox_event DROP COLUMN published_at;
ALTER TABLE outbox_event ADD COLUMN parked_at TIMESTAMPTZ;
ALTER TABLE outbox_event ADD COLUMN park_reason TEXT;
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE parked_at IS NULL;
