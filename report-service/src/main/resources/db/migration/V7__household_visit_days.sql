-- Household visits recorded in grid-service (wangge.household.visited.v1), counted per micro-grid and day (Asia/
-- Shanghai) as they arrive: a new report is prefilled with the visits of its place and period (any period: a week,
-- a month or a key-work phase), summed over its subtree's micro-grids as the grid read model places them now, so a
-- moved grid's visits count where it is without anything re-pathed.
CREATE TABLE household_visit_day (
    micro_grid_id UUID    NOT NULL,
    visited_on    DATE    NOT NULL,
    visits        INTEGER NOT NULL CHECK (visits > 0),
    PRIMARY KEY (micro_grid_id, visited_on)
);
