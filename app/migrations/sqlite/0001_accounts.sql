-- Organisations, users, sessions, API tokens, sign-in attempts, and the
-- single-use tokens behind password resets and invitations.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,          -- lower-cased name: names are unique regardless of case
    time_zone TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    contract_number TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX contracts_organisation ON contracts (organisation_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,             -- lower-cased
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    password_hash TEXT,                     -- NULL until the user sets one through an invitation
    role TEXT NOT NULL CHECK (role IN ('customer', 'account_holder', 'writer', 'engineer', 'admin')),
    level TEXT CHECK (level IN ('L1', 'L2', 'L3')),
    organisation_id INTEGER REFERENCES organisations (id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((role IN ('customer', 'account_holder')) = (organisation_id IS NOT NULL)),
    CHECK ((role = 'engineer') = (level IS NOT NULL))
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,            -- SHA-256 of the cookie value; the value itself is never stored
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,                   -- the first characters, to tell tokens apart in lists
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'invitation')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id);

CREATE TABLE sign_in_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    succeeded INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, created_at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts (address, created_at);
