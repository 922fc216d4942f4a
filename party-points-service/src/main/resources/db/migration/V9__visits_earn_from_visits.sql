-- From the release on, HOUSEHOLD_VISIT earns from each visit recorded in grid-service (wangge.household.visited.v1),
-- once per visit, no longer from the count typed into a report. A new version, so history is not rewritten: entries
-- earned from reports keep version 1 and their source (report-visits:…). Points and cap are those in force.
INSERT INTO point_rule (id, code, rule_version, name, kind, event_type, condition, points, min_points, max_points,
                        cap_period, cap_points, effective_from, created_by)
SELECT gen_random_uuid(), code, rule_version + 1, '包户走访（每次走访记录）', kind, 'wangge.household.visited.v1', NULL,
       points, min_points, max_points, cap_period, cap_points, GREATEST(effective_from, DATE '2026-12-03'), 'system'
  FROM point_rule WHERE code = 'HOUSEHOLD_VISIT'
 ORDER BY rule_version DESC
 LIMIT 1;
