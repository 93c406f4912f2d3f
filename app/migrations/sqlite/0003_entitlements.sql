-- Support plans, contracts with their plan, products and validity, and the
-- points ledger. The ledger is append-only: every change of an
-- organisation's points is a new entry, and the balance is their sum.

CREATE TABLE plans (
    key TEXT PRIMARY KEY,                   -- stable identifier, as in the catalogue file
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('points', 'priority')),
    included_points INTEGER NOT NULL DEFAULT 0 CHECK (included_points >= 0),
    priority TEXT NOT NULL CHECK (priority IN ('lowest', 'normal', 'high', 'highest')),
    availability TEXT NOT NULL CHECK (availability IN ('8x5', '12x5', '24x7')),
    response_minutes INTEGER NOT NULL CHECK (response_minutes > 0),
    training_seats INTEGER NOT NULL DEFAULT 0 CHECK (training_seats >= 0),
    health_checks INTEGER NOT NULL DEFAULT 0 CHECK (health_checks >= 0),  -- a year
    opens_cases INTEGER NOT NULL DEFAULT 1,  -- 0: no cases (forum only)
    position INTEGER NOT NULL DEFAULT 0,    -- order in lists
    updated_at INTEGER NOT NULL
);

-- Contracts existed as numbers; now they carry a plan and a term. A contract
-- without a plan entitles to nothing.
ALTER TABLE contracts ADD COLUMN plan_key TEXT REFERENCES plans (key);
ALTER TABLE contracts ADD COLUMN starts_on TEXT;            -- YYYY-MM-DD, first day covered
ALTER TABLE contracts ADD COLUMN ends_on TEXT;              -- YYYY-MM-DD, last day covered
ALTER TABLE contracts ADD COLUMN supported_releases TEXT;   -- major releases, comma separated; NULL: each product's latest ones

CREATE TABLE contract_products (
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    product_key TEXT NOT NULL,
    PRIMARY KEY (contract_id, product_key)
);

-- Bumped by every ledger change: the first statement of a ledger
-- transaction, so changes to one organisation's points queue up.
ALTER TABLE organisations ADD COLUMN ledger_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('grant', 'pack', 'debit', 'refund', 'expiry', 'adjustment')),
    points INTEGER NOT NULL,                -- the change of balance, signed
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    expires_at INTEGER,                     -- set on entries that open a lot of points
    case_reference TEXT,                    -- debits and refunds
    channel TEXT,                           -- debits: web, email, phone
    contract_number TEXT,                   -- grants of a plan's included points
    reason TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    refund_of INTEGER REFERENCES ledger_entries (id),
    created_at INTEGER NOT NULL,
    -- Grants and packs open lots that expire; debits and expiries never do.
    CHECK (kind NOT IN ('grant', 'pack') OR expires_at IS NOT NULL),
    CHECK (kind NOT IN ('debit', 'expiry') OR expires_at IS NULL)
);
CREATE INDEX ledger_entries_organisation ON ledger_entries (organisation_id, id);
-- A case is charged once, and a charge refunded once.
CREATE UNIQUE INDEX ledger_entries_one_debit ON ledger_entries (case_reference) WHERE kind = 'debit';
CREATE UNIQUE INDEX ledger_entries_one_refund ON ledger_entries (refund_of);

-- Which lots an entry took points from or gave points to. A lot is the entry
-- that opened it; what is left of it is the sum of its allocations.
CREATE TABLE ledger_allocations (
    entry_id INTEGER NOT NULL REFERENCES ledger_entries (id),
    lot_id INTEGER NOT NULL REFERENCES ledger_entries (id),
    points INTEGER NOT NULL,
    PRIMARY KEY (entry_id, lot_id)
);
CREATE INDEX ledger_allocations_lot ON ledger_allocations (lot_id);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER ledger_allocations_no_update BEFORE UPDATE ON ledger_allocations
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER ledger_allocations_no_delete BEFORE DELETE ON ledger_allocations
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
