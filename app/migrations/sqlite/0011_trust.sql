-- Mail Selfdesk can trust. A message may touch a case only once its sender
-- is proven (by the receiving server's DMARC, SPF or DKIM verdict, by a
-- reply token from Selfdesk's own mail, by the sender's confirmation link,
-- or by an engineer's review); until then it is held, kept whole in the
-- file store. A message whose processing keeps failing is set aside after
-- a few tries, so that it stalls nothing behind it.
CREATE TABLE inbound_emails_new (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    sender TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- Where it came from: `pipe`, or the mailbox folder and the IMAP UID.
    origin TEXT NOT NULL DEFAULT '',
    received_at INTEGER NOT NULL,
    outcome TEXT NOT NULL
        CHECK (outcome IN ('received', 'appended', 'opened', 'refused', 'ignored', 'rejected',
                           'held', 'discarded', 'failed', 'retry')),
    reason TEXT NOT NULL DEFAULT '',
    case_id INTEGER REFERENCES cases (id),
    -- How the sender was proven: dmarc, dkim, spf, reply-token, confirmed,
    -- reviewed; empty while not.
    proof TEXT NOT NULL DEFAULT '',
    -- Failed tries to process it; past a few it is set aside (`failed`).
    attempts INTEGER NOT NULL DEFAULT 0,
    -- A held or set-aside message, whole, in the file store.
    kept_key TEXT,
    -- The start of its new text, for the engineer who reviews it.
    preview TEXT NOT NULL DEFAULT '',
    reviewed_by INTEGER REFERENCES users (id)
);
INSERT INTO inbound_emails_new (id, message_id, sender, subject, origin, received_at, outcome, reason, case_id)
    SELECT id, message_id, sender, subject, origin, received_at, outcome, reason, case_id FROM inbound_emails;
DROP TABLE inbound_emails;
ALTER TABLE inbound_emails_new RENAME TO inbound_emails;
CREATE INDEX inbound_emails_received ON inbound_emails (received_at);
CREATE INDEX inbound_emails_waiting ON inbound_emails (outcome) WHERE outcome IN ('held', 'failed');

-- One-time links that let the owner of a mailbox confirm a held message
-- that would open a case: clicking proves they received our mail.
CREATE TABLE email_confirmations (
    token_hash TEXT PRIMARY KEY,
    inbound_email_id INTEGER NOT NULL REFERENCES inbound_emails (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

-- Secrets the servers share, made once: the key of the reply tokens in
-- the mail Selfdesk sends about a case.
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);

-- Which articles show which media file: a picture is served to whoever
-- may read one of them (to everyone, with public caching, when one is
-- public), and to writers.
CREATE TABLE article_media (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (article_id, name)
);
CREATE INDEX article_media_name ON article_media (name);
