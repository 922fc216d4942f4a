-- Caps are kept by a counter per member, rule and cap window, updated under its row lock as entries are written,
-- so that several consumer instances keep them exact and no earning sums the member's entries.
CREATE TABLE ledger_cap (
    person_id    UUID        NOT NULL,
    rule_code    VARCHAR(50) NOT NULL,
    cap_period   VARCHAR(10) NOT NULL CHECK (cap_period IN ('DAY', 'WEEK', 'MONTH', 'YEAR')),
    window_start DATE        NOT NULL,
    points       INTEGER     NOT NULL,
    PRIMARY KEY (person_id, rule_code, cap_period, window_start)
);
INSERT INTO ledger_cap (person_id, rule_code, cap_period, window_start, points)
SELECT e.person_id, e.rule_code, r.cap_period, CAST(date_trunc(lower(r.cap_period), e.occurred_on) AS date),
       SUM(e.points)
  FROM ledger_entry e
  JOIN (SELECT DISTINCT ON (code) code, cap_period FROM point_rule
         ORDER BY code, effective_from DESC, rule_version DESC) r ON r.code = e.rule_code
 WHERE r.cap_period IS NOT NULL
 GROUP BY 1, 2, 3, 4;

-- Leaderboards read each member's total per month (a quarter or a year is 3 or 12 rows), kept as entries are
-- written, never an aggregate over all entries.
CREATE TABLE member_month_total (
    person_id UUID   NOT NULL,
    month     DATE   NOT NULL CHECK (extract(day FROM month) = 1),
    points    BIGINT NOT NULL,
    PRIMARY KEY (person_id, month)
);
INSERT INTO member_month_total (person_id, month, points)
SELECT person_id, CAST(date_trunc('month', occurred_on) AS date), SUM(points) FROM ledger_entry GROUP BY 1, 2;
CREATE INDEX member_month_total_month ON member_month_total (month, person_id);
