-- Knowledge-base articles, the links between them, readers' feedback, and
-- search analytics. Lists of values (products, tags, case types, table of
-- contents) are JSON text: they are read whole, and searched through the index.

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL CHECK (audience IN ('public', 'customers', 'internal')),
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'in_review', 'published', 'archived')),
    products TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    case_types TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '{}',       -- front matter fields Selfdesk does not use, kept as given
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,                -- rendered and sanitised once, on import or publish
    toc TEXT NOT NULL DEFAULT '[]',
    headings TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL DEFAULT '',
    source_path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '',  -- of everything stored: an identical import changes nothing
    updated_at INTEGER NOT NULL,            -- the article's own date
    created_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,            -- last change of the row
    revision INTEGER NOT NULL DEFAULT 0     -- kb_revision of the change; the search index follows it
);
CREATE INDEX articles_revision ON articles (revision);

-- One counter, taken (and so locked) by every transaction that changes
-- articles: revisions are handed out in commit order, so a search index
-- that has seen revision N has seen every change up to N.
CREATE TABLE kb_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO kb_revision (id, revision) VALUES (1, 0);

CREATE TABLE article_links (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    target_slug TEXT NOT NULL,
    link_text TEXT NOT NULL
);
CREATE INDEX article_links_article ON article_links (article_id);
CREATE INDEX article_links_target ON article_links (target_slug);

CREATE TABLE article_feedback (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id),
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    user_id INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX article_feedback_article ON article_feedback (article_id);

CREATE TABLE search_events (
    id INTEGER PRIMARY KEY,
    query TEXT NOT NULL,
    normalised TEXT NOT NULL,               -- lower-cased, spaces folded: how queries are grouped
    filters TEXT NOT NULL DEFAULT '',
    hits INTEGER NOT NULL,
    source TEXT NOT NULL,                   -- page, api, suggest
    user_id INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX search_events_created ON search_events (created_at);
CREATE INDEX search_events_normalised ON search_events (normalised);

CREATE TABLE search_clicks (
    id INTEGER PRIMARY KEY,
    search_id INTEGER NOT NULL REFERENCES search_events (id),
    article_id INTEGER NOT NULL REFERENCES articles (id),
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX search_clicks_search ON search_clicks (search_id);
