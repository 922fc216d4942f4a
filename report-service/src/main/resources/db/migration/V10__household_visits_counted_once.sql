-- Each household visit is counted once by its id, not by the inbox's claim alone: the claims are pruned after two
-- weeks, and a replay of wangge.grid (a rebuilt read model) or a late re-driven letter would otherwise count an old
-- visit again. Visits counted before this table existed have no row here; their day counts stay as they are.
CREATE TABLE household_visit (
    visit_id      UUID PRIMARY KEY,
    micro_grid_id UUID NOT NULL,
    visited_on    DATE NOT NULL
);
