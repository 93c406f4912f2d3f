-- Engineers on call: told at once when a case that pages is opened or
-- raised to such a severity (Xecuritas: "Severity-1 level cases opened
-- online will automatically alert the on-call technical staff via pager").
ALTER TABLE users ADD COLUMN on_call INTEGER NOT NULL DEFAULT 0;
