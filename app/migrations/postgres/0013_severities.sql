-- A policy has from one to five severities (Kolmisoft: Blocker, High,
-- Medium, Low).
ALTER TABLE cases DROP CONSTRAINT cases_severity_check;
ALTER TABLE cases ADD CONSTRAINT cases_severity_check CHECK (severity IN ('1', '2', '3', '4', '5'));
