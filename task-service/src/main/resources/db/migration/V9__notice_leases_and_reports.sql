-- Reminders, second step: a robot's back-off is kept on its webhook (one notice probes a robot that failed, its
-- others wait with it, in the order they were raised); a delivery is claimed for a lease (a token and its end)
-- before it is posted outside any transaction, and its outcome is written only by the claim's holder, so a sender
-- that stops mid-post leaves it to be tried again once the lease ends; notices follow a moved grid; reports due
-- soon that nobody filed are told too.
ALTER TABLE notice_webhook ADD COLUMN failures INT NOT NULL DEFAULT 0;
ALTER TABLE notice_webhook ADD COLUMN down_until TIMESTAMPTZ;

ALTER TABLE notice_delivery ADD COLUMN claim_token UUID;
ALTER TABLE notice_delivery ADD COLUMN lease_until TIMESTAMPTZ;

ALTER TABLE notice ADD COLUMN grid_node_id UUID;
UPDATE notice n SET grid_node_id = s.grid_node_id FROM supervision s WHERE s.id = n.subject_id;
UPDATE notice SET grid_node_id = node_id WHERE grid_node_id IS NULL;
ALTER TABLE notice ALTER COLUMN grid_node_id SET NOT NULL;
CREATE INDEX notice_grid ON notice (grid_node_id);

ALTER TABLE notice DROP CONSTRAINT notice_kind_check;
ALTER TABLE notice ADD CONSTRAINT notice_kind_check
    CHECK (kind IN ('DUE_SOON', 'OVERDUE', 'ESCALATED', 'SUPERVISED', 'REPORT_DUE'));
ALTER TABLE notice DROP CONSTRAINT notice_subject_type_check;
ALTER TABLE notice ADD CONSTRAINT notice_subject_type_check CHECK (subject_type IN ('SUPERVISION', 'REPORT'));
