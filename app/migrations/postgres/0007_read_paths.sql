-- Indexes for what every article page and search reads.

-- Related articles of the same category, newest first: without it, each
-- article page scanned the whole articles table.
CREATE INDEX articles_category ON articles (category, status, updated_at);
