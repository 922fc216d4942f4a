-- Leaderboards read one row per member for the period they show (a month 2026-11, a quarter 2026-Q4, a year 2026),
-- kept by the ledger as entries are written: a year's board reads one row per member, not twelve.
CREATE TABLE member_period_total (
    period    VARCHAR(7) NOT NULL,
    person_id UUID       NOT NULL,
    points    BIGINT     NOT NULL,
    PRIMARY KEY (period, person_id)
);
INSERT INTO member_period_total (period, person_id, points)
SELECT to_char(month, 'YYYY-MM'), person_id, points FROM member_month_total;
INSERT INTO member_period_total (period, person_id, points)
SELECT to_char(month, 'YYYY') || '-Q' || extract(quarter FROM month), person_id, SUM(points)
  FROM member_month_total GROUP BY 1, 2;
INSERT INTO member_period_total (period, person_id, points)
SELECT to_char(month, 'YYYY'), person_id, SUM(points) FROM member_month_total GROUP BY 1, 2;
DROP TABLE member_month_total;
