-- Every message read from the support mailbox (or piped in by the mail
-- server), once: its Message-ID is unique, so a message fetched again, or
-- by a second server, is recognised and left alone. What became of it is
-- kept for admins: appended to a case, opened one, refused (the sender
-- was told),
-- ignored (automatic mail, never answered) or rejected (unreadable).
CREATE TABLE inbound_emails (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    sender TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- Where it came from: `pipe`, or the mailbox folder and the IMAP UID.
    origin TEXT NOT NULL DEFAULT '',
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('received', 'appended', 'opened', 'refused', 'ignored', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    case_id INTEGER REFERENCES cases (id)
);
CREATE INDEX inbound_emails_received ON inbound_emails (received_at);

-- "This solved my problem" links in the answer to a case opened by email:
-- one click closes the case, without signing in. Kept hashed, used once,
-- for one case, until they expire.
CREATE TABLE case_links (
    token_hash TEXT PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
