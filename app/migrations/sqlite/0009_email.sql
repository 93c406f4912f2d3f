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
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('received', 'appended', 'opened', 'refused', 'ignored', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    case_id INTEGER REFERENCES cases (id)
);
CREATE INDEX inbound_emails_received ON inbound_emails (received_at);
