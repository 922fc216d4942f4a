-- Province and city above the county (GB/T 2260), towns on the 12 digits of the statistical division code
-- (county + 3 + 000; a village keeps its 12 = the town's first 9 + 3), and a micro-grid under a grid extending the
-- grid's 15 digits to 18.
ALTER TABLE grid_node DROP CONSTRAINT grid_node_level_check;
ALTER TABLE grid_node ADD CONSTRAINT grid_node_level_check
    CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWN', 'VILLAGE', 'GRID', 'MICRO_GRID'));
ALTER TABLE grid_node ALTER COLUMN code TYPE VARCHAR(18);
UPDATE grid_node SET code = code || '000' WHERE level = 'TOWN' AND length(code) = 9;
