-- The support workflow: background jobs and their leases, SLA alerts
-- already raised, and in-app notifications (emailed from an outbox).

-- One row per background job. A server runs a job only while it holds the
-- lease, so when several servers share the database only one runs each job
-- at a time; a lease that runs out (a server that died) is taken over.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    last_finished_at INTEGER
);

-- A warning or a missed target is announced once for each due time (a due
-- time moves when the case waits on the customer, and is then announced anew).
CREATE TABLE sla_alerts (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('response_warning', 'response_missed', 'resolution_warning', 'resolution_missed')),
    due_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, kind, due_at)
);

-- What a user is told, in the app and by email. Written in the transaction
-- of the change it tells about; the mail job sends what is pending.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    case_id INTEGER REFERENCES cases (id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    email_state TEXT NOT NULL DEFAULT 'pending' CHECK (email_state IN ('pending', 'sent', 'failed')),
    email_attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_email ON notifications (email_state, id);
