-- Every lookup a consumer or a list query makes has its index: a member's place (the ledger, per event) and a
-- node's children (roll-ups, rankings).
CREATE INDEX assignment_view_person ON assignment_view (person_id, node_path) WHERE status = 'ACTIVE';
CREATE INDEX grid_node_view_parent ON grid_node_view (parent_id, code);
