-- A policy has from one to five severities (Kolmisoft: Blocker, High,
-- Medium, Low), and a case can be on hold (a third party's cause, or an
-- arrangement with the customer: the clocks stand still).
ALTER TABLE cases DROP CONSTRAINT cases_severity_check;
ALTER TABLE cases ADD CONSTRAINT cases_severity_check CHECK (severity IN ('1', '2', '3', '4', '5'));
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('new', 'open', 'waiting_on_customer', 'on_hold', 'escalated', 'resolved', 'closed'));
