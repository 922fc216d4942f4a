-- A household is visited by one person once a day at most: a second record of the same visit is a duplicate
-- (and would earn its points twice). Visits recorded for nobody in the register stay unconstrained.
CREATE UNIQUE INDEX household_visit_once_a_day ON household_visit (household_id, visitor_id, visited_on)
    WHERE visitor_id IS NOT NULL;
-- a cadre's own visits, newest first
CREATE INDEX household_visit_visitor ON household_visit (visitor_id, visited_on);
