-- Province and city above the county (GB/T 2260), towns on the 12 digits of the statistical division code
-- (county + 3 + 000; a village keeps its 12 = the town's first 9 + 3), and a micro-grid under a grid extending the
-- grid's 15 digits to 18.
ALTER TABLE grid_node DROP CONSTRAINT grid_node_level_check;
ALTER TABLE grid_node ADD CONSTRAINT grid_node_level_check
    CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE', 'GRID', 'MICRO_GRID'));
ALTER TABLE grid_node ALTER COLUMN code TYPE VARCHAR(18);
-- What a town's or village's code says it is (街道/镇/乡/乡级单位, 社区/村委会), kept from its creation: nodes coded
-- before these rules forced every town into 1xx and every village into 2xx, so theirs is not known (NULL).
ALTER TABLE grid_node ADD COLUMN division_kind VARCHAR(10);
-- The towns recoded here are published again (their version bumped) by NodeRepublisher at the next start, so the
-- compacted topic, every read model and the county's systems learn the new codes.
CREATE TABLE node_republish (
    node_id UUID PRIMARY KEY REFERENCES grid_node (id),
    reason  VARCHAR(200) NOT NULL
);
INSERT INTO node_republish (node_id, reason)
SELECT id, 'town code ' || code || ' → ' || code || '000' FROM grid_node WHERE level = 'TOWN' AND length(code) = 9;
UPDATE grid_node SET code = code || '000' WHERE level = 'TOWN' AND length(code) = 9;
