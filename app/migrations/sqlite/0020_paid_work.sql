-- How a case is paid for. 'plan': its points are taken at filing, as the
-- plan says. 'assessed': nothing is taken while the engineer assesses; the
-- engineer's decision says what it costs and the customer answers it
-- (Calyptix: "we will make the assessment and will let you know whether
-- something will incur a charge or not"). 'hourly': a paid ticket opened
-- without a plan at the hourly rate the customer accepted (Kolmisoft:
-- "Users without a support plan can create a ticket and use a paid support
-- by hourly rate").
ALTER TABLE cases ADD COLUMN billing TEXT NOT NULL DEFAULT 'plan'
    CHECK (billing IN ('plan', 'assessed', 'hourly'));
-- The hourly rate the customer accepted (a paid ticket, or a decision that
-- the work is billable), in whole units of its currency.
ALTER TABLE cases ADD COLUMN hourly_rate INTEGER;
ALTER TABLE cases ADD COLUMN rate_currency TEXT;

-- The engineer's decision on what a case costs, and the customer's answer.
-- One per case; the engineer may change it until it is answered.
CREATE TABLE charge_decisions (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    decision TEXT NOT NULL CHECK (decision IN ('covered', 'points', 'billable', 'product_bug')),
    points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    reason TEXT NOT NULL,
    decided_by INTEGER NOT NULL REFERENCES users (id),
    decided_at INTEGER NOT NULL,
    answer TEXT CHECK (answer IN ('accepted', 'declined')),
    answered_by INTEGER REFERENCES users (id),
    answered_at INTEGER
);

-- Time engineers spend on cases, entered or clocked (minutes NULL while
-- the clock runs), billable or not.
CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    started_at INTEGER NOT NULL,
    minutes INTEGER CHECK (minutes IS NULL OR minutes > 0),
    billable INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX time_entries_case ON time_entries (case_id, started_at);

-- An account holder's dispute of a charge on the ledger, and staff's
-- answer: upheld (with why) or refunded.
CREATE TABLE charge_disputes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ledger_entry_id INTEGER NOT NULL UNIQUE REFERENCES ledger_entries (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    reason TEXT NOT NULL,
    raised_by INTEGER NOT NULL REFERENCES users (id),
    raised_at INTEGER NOT NULL,
    answer TEXT CHECK (answer IN ('upheld', 'refunded')),
    answer_text TEXT,
    answered_by INTEGER REFERENCES users (id),
    answered_at INTEGER
);
CREATE INDEX charge_disputes_organisation ON charge_disputes (organisation_id, raised_at);
