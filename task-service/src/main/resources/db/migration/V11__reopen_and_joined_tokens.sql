-- A reopened case's time limit and colour run from its reopening.
ALTER TABLE resident_case ADD COLUMN reopened_at TIMESTAMPTZ;
-- Whoever raised a case reads all of it with their token; the reporter of a duplicate joined to it only where it
-- stands (another resident's words and photos are theirs). Tokens given before this were all raisers'.
ALTER TABLE case_follow_token ADD COLUMN reporter BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE case_follow_token ALTER COLUMN reporter DROP DEFAULT;
