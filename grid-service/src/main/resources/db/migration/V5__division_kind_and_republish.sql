-- What a town's or village's code says it is (街道/镇/乡/乡级单位, 社区/村委会), kept from its creation: nodes coded
-- before V4's rules forced every town into 1xx and every village into 2xx, so theirs is not known (NULL).
ALTER TABLE grid_node ADD COLUMN division_kind VARCHAR(10);
-- Nodes a migration changed in place, published again (their version bumped) by NodeRepublisher at the next start,
-- so the compacted topic, every read model and the county's systems learn the new state. V4 moved the towns onto
-- 12 digits without telling anyone: every town is published again (once; a town V4 did not change loses nothing).
CREATE TABLE node_republish (
    node_id UUID PRIMARY KEY REFERENCES grid_node (id),
    reason  VARCHAR(200) NOT NULL
);
INSERT INTO node_republish (node_id, reason)
SELECT id, 'town codes on 12 digits (V4)' FROM grid_node WHERE level = 'TOWN';
