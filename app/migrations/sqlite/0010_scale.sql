-- What the engineers' queue, the SLA warnings and the reports read: the
-- unfinished cases and their status changes. Partial indexes hold only
-- those, so finding them costs the same with a thousand closed cases as
-- with millions.
CREATE INDEX cases_unfinished ON cases (id) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX case_events_status_changes ON case_events (case_id, id) WHERE status IS NOT NULL;
