-- The W3C trace context of the work that recorded the event, sent as the Kafka header `traceparent` so that the
-- consumer's handling continues the same trace. Null for work in no trace (a scheduled job).
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
