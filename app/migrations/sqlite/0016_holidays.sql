-- The holidays of the catalogue's business calendars, kept by admins in the
-- portal. A calendar's list is copied from the catalogue file the first time
-- the calendar is seen (its row in holiday_lists) and is the admins' from
-- then on, also when they empty it.
CREATE TABLE holiday_lists (
    calendar TEXT PRIMARY KEY CHECK (calendar IN ('8x5', '12x5')),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id)   -- NULL: copied from the catalogue
);

CREATE TABLE holidays (
    calendar TEXT NOT NULL REFERENCES holiday_lists (calendar) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (length(day) = 10),  -- YYYY-MM-DD in the calendar's zone
    PRIMARY KEY (calendar, day)
);
