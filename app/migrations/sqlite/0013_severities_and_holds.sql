-- A policy has from one to five severities (Kolmisoft: Blocker, High,
-- Medium, Low), and a case can be on hold (a third party's cause, or an
-- arrangement with the customer: the clocks stand still). SQLite cannot change a CHECK in place, so the table is
-- rebuilt as its documentation describes; `Db::migrate` turns foreign keys
-- off around the migrations and checks them after.

CREATE TABLE cases_rebuilt (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,         -- CASE-000123
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    contact_user_id INTEGER NOT NULL REFERENCES users (id),    -- the customer the case is for
    opened_by_user_id INTEGER NOT NULL REFERENCES users (id),  -- an engineer for phone and email cases
    channel TEXT NOT NULL CHECK (channel IN ('web', 'email', 'phone')),
    case_type TEXT NOT NULL CHECK (case_type IN ('question', 'enhancement', 'product_error', 'unexpected_behaviour', 'performance')),
    severity TEXT NOT NULL CHECK (severity IN ('1', '2', '3', '4', '5')),
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting_on_customer', 'on_hold', 'escalated', 'resolved', 'closed')),
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
    response_minutes INTEGER,               -- the plan's first-response target
    points_cost INTEGER NOT NULL DEFAULT 0,
    first_response_at INTEGER,              -- an engineer's first public answer
    resolution TEXT,                        -- how it was resolved
    cause TEXT,                             -- product_bug refunds the points
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    workaround_at INTEGER                   -- a workaround or plan delivered: the resolution clock stops
);
INSERT INTO cases_rebuilt SELECT * FROM cases;
DROP TABLE cases;
ALTER TABLE cases_rebuilt RENAME TO cases;
CREATE INDEX cases_organisation ON cases (organisation_id, id);
CREATE INDEX cases_contact ON cases (contact_user_id, id);
CREATE INDEX cases_unfinished ON cases (id) WHERE status NOT IN ('resolved', 'closed');
