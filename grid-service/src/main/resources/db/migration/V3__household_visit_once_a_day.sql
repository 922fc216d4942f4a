-- A household is visited by one person once a day at most: a second record of the same visit is a duplicate
-- (and would earn its points twice). Visits recorded for nobody in the register stay unconstrained.
-- Duplicates recorded before this rule are merged into the earliest record of the day, and counts corrected.
DELETE FROM household_visit v
 USING household_visit first
 WHERE v.household_id = first.household_id AND v.visitor_id = first.visitor_id AND v.visited_on = first.visited_on
   AND (first.recorded_at, first.id) < (v.recorded_at, v.id);
UPDATE household h SET visit_count = (SELECT count(*) FROM household_visit v WHERE v.household_id = h.id)
 WHERE visit_count <> (SELECT count(*) FROM household_visit v WHERE v.household_id = h.id);
CREATE UNIQUE INDEX household_visit_once_a_day ON household_visit (household_id, visitor_id, visited_on)
    WHERE visitor_id IS NOT NULL;
-- a cadre's own visits, newest first
CREATE INDEX household_visit_visitor ON household_visit (visitor_id, visited_on);
