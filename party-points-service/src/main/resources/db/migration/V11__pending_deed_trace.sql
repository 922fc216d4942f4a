-- A deed that waits for its person keeps the trace of the event that earned it, so the points it earns later are
-- published in that trace, as they would have been at once had the person been known.
ALTER TABLE pending_deed ADD COLUMN traceparent VARCHAR(55);
