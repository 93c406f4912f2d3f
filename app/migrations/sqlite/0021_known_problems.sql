-- Known problems: one problem behind many customers' cases (an outage, a
-- bug in a release), with a status customers read and dated updates.
-- Who may see one follows the articles' rule: `audience` and
-- `restricted_to` as in `articles`.
CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    -- Product keys of the catalogue, comma-separated; empty for every product.
    products TEXT NOT NULL DEFAULT '',
    versions TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'workaround', 'fixed', 'resolved')),
    fixed_in TEXT NOT NULL DEFAULT '',
    workaround_slug TEXT,
    audience TEXT NOT NULL CHECK (audience IN ('public', 'customers', 'internal')),
    restricted_to TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX problems_recent ON problems (updated_at);

-- Each update: the status it set and what it says, in Markdown and as the
-- sanitised HTML readers get.
CREATE TABLE problem_updates (
    id INTEGER PRIMARY KEY,
    problem_id INTEGER NOT NULL REFERENCES problems (id),
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX problem_updates_problem ON problem_updates (problem_id, id);

-- People who follow a problem instead of filing a case about it, and
-- where they chose to: `status` (the status page), `case_form` or `help`
-- (a deflection: shown the problem before filing, they followed it).
CREATE TABLE problem_followers (
    problem_id INTEGER NOT NULL REFERENCES problems (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    followed_at INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT 'status' CHECK (source IN ('status', 'case_form', 'help')),
    PRIMARY KEY (problem_id, user_id)
);
CREATE INDEX problem_followers_user ON problem_followers (user_id, problem_id);

-- The known problem a case is one of: the problem's updates reach the
-- case's timeline, and its fix resolves the case.
ALTER TABLE cases ADD COLUMN problem_id INTEGER REFERENCES problems (id);
CREATE INDEX cases_problem ON cases (problem_id);
