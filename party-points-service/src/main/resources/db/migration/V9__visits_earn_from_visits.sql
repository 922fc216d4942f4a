-- HOUSEHOLD_VISIT now earns from each visit recorded in grid-service (wangge.household.visited.v1), once per visit,
-- no longer from the count typed into a report. Points and cap are unchanged, so the rule keeps its version: only
-- the event it reads from changes, and entries already earned from reports keep their source_key (report-visits:…).
UPDATE point_rule SET event_type = 'wangge.household.visited.v1', condition = NULL,
                      name = '包户走访（每次走访记录）'
 WHERE code = 'HOUSEHOLD_VISIT';
