-- Requests counted against a limit (password-reset requests, feedback,
-- uploads...), shared by every server. Rows older than a day are pruned.
CREATE TABLE rate_limit_events (
    id BIGSERIAL PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX rate_limit_events_key ON rate_limit_events (bucket, key, created_at);
CREATE INDEX rate_limit_events_age ON rate_limit_events (created_at);

-- A user's uploads of the last day, for the daily allowance.
CREATE INDEX uploads_uploader ON uploads (uploaded_by, created_at);
