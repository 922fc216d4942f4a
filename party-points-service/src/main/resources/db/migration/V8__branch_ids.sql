-- Branches are known by id and place (grid-service's party_branch), not by name: a member's branch and the node
-- it belongs to come with the member's person events; awards and appeals wait for the secretary of that branch.
-- Members known before carry no branch id until their record is published again: until then no secretary
-- decides for them (a town admin of their place still does).
ALTER TABLE member ADD COLUMN branch_id UUID;
ALTER TABLE member ADD COLUMN branch_node_id UUID;
CREATE INDEX member_branch_id ON member (branch_id) WHERE branch_id IS NOT NULL;
CREATE INDEX member_branch_node ON member (branch_node_id) WHERE branch_node_id IS NOT NULL;
ALTER TABLE award ADD COLUMN branch_id UUID;
CREATE INDEX award_branch_id_status ON award (branch_id, status);
ALTER TABLE appeal ADD COLUMN branch_id UUID;
CREATE INDEX appeal_branch_id_status ON appeal (branch_id, status);
