-- Taking part in the town's work on record (活动台账: research visits, seminars, trainings, suggestion gatherings,
-- contact points, problems solved) earns each party member named among its participants, once per activity, up to
-- the monthly cap; a withdrawn activity's entries are reversed.
INSERT INTO point_rule (id, code, rule_version, name, kind, event_type, condition, points, min_points, max_points,
                        cap_period, cap_points, effective_from, created_by) VALUES
    (gen_random_uuid(), 'ACTIVITY_JOINED', 1, '参加调研、座谈、培训等活动', 'EVENT',
     'wangge.activity.recorded.v1', NULL, 2, NULL, NULL, 'MONTH', 20, DATE '2026-01-01', 'system');
