-- As grid-service's V4: towns on 12 digits (county + 3 + 000), micro-grids under a grid on 18.
ALTER TABLE grid_node_view ALTER COLUMN code TYPE VARCHAR(18);
UPDATE grid_node_view SET code = code || '000' WHERE level = 'TOWN' AND length(code) = 9;
