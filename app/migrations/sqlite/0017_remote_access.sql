-- Remote access to a customer's system, only with their permission (Scalix:
-- "with your permission, we access your system remotely"; Xecuritas: "the
-- customer will be required to sign a modification waiver form"). An
-- engineer asks; the customer grants (accepting the policy's waiver, kept
-- as accepted) or refuses; a grant lasts its hours; the engineer ends it
-- with what was changed.
CREATE TABLE remote_access (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    system TEXT NOT NULL,
    purpose TEXT NOT NULL,
    hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 72),
    asked_by INTEGER NOT NULL REFERENCES users (id),
    asked_at INTEGER NOT NULL,
    answer TEXT CHECK (answer IN ('granted', 'refused')),
    answered_by INTEGER REFERENCES users (id),
    answered_at INTEGER,
    waiver TEXT,                       -- the waiver's text as the customer accepted it
    changes TEXT,                      -- what the engineer changed, said when ending
    ended_at INTEGER,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX remote_access_case ON remote_access (case_id, id);
