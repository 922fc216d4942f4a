-- Household visits recorded in grid-service (wangge.household.visited.v1), counted per micro-grid and day (Asia/
-- Shanghai) as they arrive: a new report is prefilled with the visits of its place and period (any period: a week,
-- a month or a key-work phase), summed over at most a subtree's micro-grids × the period's days.
CREATE TABLE household_visit_day (
    micro_grid_id   UUID                      NOT NULL,
    micro_grid_path VARCHAR(1000) COLLATE "C" NOT NULL,
    visited_on      DATE                      NOT NULL,
    visits          INTEGER                   NOT NULL CHECK (visits > 0),
    PRIMARY KEY (micro_grid_id, visited_on)
);
CREATE INDEX household_visit_day_place ON household_visit_day (micro_grid_path, visited_on);
