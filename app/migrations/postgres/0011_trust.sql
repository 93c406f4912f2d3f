-- Mail Selfdesk can trust. A message may touch a case only once its sender
-- is proven (by the receiving server's DMARC, SPF or DKIM verdict, by a
-- reply token from Selfdesk's own mail, by the sender's confirmation link,
-- or by an engineer's review); until then it is held, kept whole in the
-- file store. A message whose processing keeps failing is set aside after
-- a few tries, so that it stalls nothing behind it.
ALTER TABLE inbound_emails DROP CONSTRAINT inbound_emails_outcome_check;
ALTER TABLE inbound_emails ADD CONSTRAINT inbound_emails_outcome_check
    CHECK (outcome IN ('received', 'appended', 'opened', 'refused', 'ignored', 'rejected',
                       'held', 'discarded', 'failed', 'retry'));
-- How the sender was proven: dmarc, dkim, spf, reply-token, confirmed,
-- reviewed; empty while not.
ALTER TABLE inbound_emails ADD COLUMN proof TEXT NOT NULL DEFAULT '';
-- Failed tries to process it; past a few it is set aside (`failed`).
ALTER TABLE inbound_emails ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
-- A held or set-aside message, whole, in the file store.
ALTER TABLE inbound_emails ADD COLUMN kept_key TEXT;
-- The start of its new text, for the engineer who reviews it.
ALTER TABLE inbound_emails ADD COLUMN preview TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_emails ADD COLUMN reviewed_by BIGINT REFERENCES users (id);
CREATE INDEX inbound_emails_waiting ON inbound_emails (outcome) WHERE outcome IN ('held', 'failed');

-- One-time links that let the owner of a mailbox confirm a held message
-- that would open a case: clicking proves they received our mail.
CREATE TABLE email_confirmations (
    token_hash TEXT PRIMARY KEY,
    inbound_email_id BIGINT NOT NULL REFERENCES inbound_emails (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    expires_at BIGINT NOT NULL,
    used_at BIGINT
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
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (article_id, name)
);
CREATE INDEX article_media_name ON article_media (name);
