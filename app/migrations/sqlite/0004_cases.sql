-- Cases, their timeline, the files uploaded for them, and the "get help"
-- sessions that end in an article (deflected) or a case.

-- Named counters taken under the row's write lock (case references).
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('case_reference', 0);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,         -- CASE-000123
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    contact_user_id INTEGER NOT NULL REFERENCES users (id),    -- the customer the case is for
    opened_by_user_id INTEGER NOT NULL REFERENCES users (id),  -- an engineer for phone and email cases
    channel TEXT NOT NULL CHECK (channel IN ('web', 'email', 'phone')),
    case_type TEXT NOT NULL CHECK (case_type IN ('question', 'enhancement', 'product_error', 'unexpected_behaviour', 'performance')),
    severity TEXT NOT NULL CHECK (severity IN ('1', '2', '3')),
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting_on_customer', 'escalated', 'resolved', 'closed')),
    level TEXT NOT NULL DEFAULT 'L1' CHECK (level IN ('L1', 'L2', 'L3')),
    owner_user_id INTEGER REFERENCES users (id),
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    product_key TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL DEFAULT '{}',      -- the case type's other fields, JSON by field name
    -- The plan the case was opened under; kept when the contract later ends.
    contract_number TEXT,
    plan_key TEXT,
    plan_name TEXT,
    priority TEXT,
    availability TEXT,                      -- 8x5, 12x5 or 24x7: the calendar its clocks run on
    response_minutes INTEGER,                   -- the plan's first-response target
    points_cost INTEGER NOT NULL DEFAULT 0,
    first_response_at INTEGER,                  -- an engineer's first public answer
    resolution TEXT,                        -- how it was resolved
    cause TEXT,                             -- product_bug refunds the points
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cases_organisation ON cases (organisation_id, id);
CREATE INDEX cases_contact ON cases (contact_user_id, id);

CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'message', 'note', 'status', 'artifact', 'escalated')),
    author_user_id INTEGER REFERENCES users (id),
    body TEXT NOT NULL DEFAULT '',
    status TEXT,                            -- status changes: the new status
    internal INTEGER NOT NULL DEFAULT 0,    -- engineers' notes, never shown to customers
    created_at INTEGER NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Files are stored under a random key, never under the name they came with.
-- An upload waits (case_id NULL) until a case or a message takes it.
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,             -- what the uploader refers to it by
    storage_key TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,                -- for display and downloads only
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    case_id INTEGER REFERENCES cases (id),
    artifact_kind TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX uploads_case ON uploads (case_id);

CREATE TABLE help_sessions (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER REFERENCES organisations (id),
    query TEXT NOT NULL DEFAULT '',
    outcome TEXT CHECK (outcome IN ('deflected', 'case')),
    article_slug TEXT,
    case_id INTEGER REFERENCES cases (id),
    started_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX help_sessions_started ON help_sessions (started_at);
