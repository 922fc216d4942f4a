-- A recurring item (a weekly inspection) is cast anew for each period: the next one points at the one before.
ALTER TABLE key_work_item ADD COLUMN previous_id UUID REFERENCES key_work_item (id);
CREATE UNIQUE INDEX key_work_item_one_successor ON key_work_item (previous_id);
CREATE INDEX key_work_item_recurring ON key_work_item (due_at) WHERE recurrence <> 'NONE' AND status = 'DISPATCHED';
