-- A client's jurisdiction named by a town's code follows the town onto its 12 digits (grid-service V4).
ALTER TABLE open311_client ALTER COLUMN jurisdiction_code TYPE VARCHAR(18);
UPDATE open311_client SET jurisdiction_code = jurisdiction_code || '000' WHERE length(jurisdiction_code) = 9;
