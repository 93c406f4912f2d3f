-- Writing articles in Selfdesk: the working copy of an article (a draft,
-- in review or approved for a later time), every save of it, and the
-- immutable versions every publish leaves.

-- A customers' article may be narrowed to chosen plans or organisations:
-- empty for none, else JSON {"plans": [...], "organisations": [...]}.
ALTER TABLE articles ADD COLUMN restricted_to TEXT NOT NULL DEFAULT '';

CREATE TABLE article_drafts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,              -- of the article it publishes, new or existing
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT 'public' CHECK (audience IN ('public', 'customers', 'internal')),
    restricted_to TEXT NOT NULL DEFAULT '',
    products TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    case_types TEXT NOT NULL DEFAULT '[]',
    body_markdown TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'in_review', 'scheduled')),
    -- Bumped by every save; a save names the number it started from, so a
    -- writer working on an older copy is told instead of overwriting.
    edit_number INTEGER NOT NULL DEFAULT 1,
    review_comment TEXT NOT NULL DEFAULT '',
    publish_at INTEGER,                     -- approved for this time (state scheduled)
    source_case_id INTEGER REFERENCES cases (id),
    created_by INTEGER NOT NULL REFERENCES users (id),
    updated_by INTEGER NOT NULL REFERENCES users (id),
    submitted_by INTEGER REFERENCES users (id),
    approved_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX article_drafts_publish_at ON article_drafts (state, publish_at);

-- Every save of a draft, refused ones included: nothing a writer typed is lost.
CREATE TABLE article_draft_saves (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES article_drafts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    content TEXT NOT NULL,                  -- the fields as JSON
    accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    created_at INTEGER NOT NULL
);
CREATE INDEX article_draft_saves_draft ON article_draft_saves (draft_id, id);

-- What each publish (or import) made public; never changed afterwards.
CREATE TABLE article_versions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    category TEXT NOT NULL,
    audience TEXT NOT NULL,
    restricted_to TEXT NOT NULL DEFAULT '',
    products TEXT NOT NULL,
    tags TEXT NOT NULL,
    case_types TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',          -- "Imported", "Restored from version 2", ...
    published_by INTEGER REFERENCES users (id),
    approved_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    UNIQUE (slug, number)
);

CREATE TRIGGER article_versions_no_update BEFORE UPDATE ON article_versions
BEGIN SELECT RAISE(ABORT, 'article versions are immutable'); END;
CREATE TRIGGER article_versions_no_delete BEFORE DELETE ON article_versions
BEGIN SELECT RAISE(ABORT, 'article versions are immutable'); END;
