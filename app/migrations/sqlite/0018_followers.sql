-- Colleagues who follow a case: they see and answer it and get its emails,
-- as its contact does, while they belong to its organisation. An
-- organisation may also let every member see every one of its cases.
CREATE TABLE case_followers (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    added_by INTEGER NOT NULL REFERENCES users (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_followers_user ON case_followers (user_id, case_id);
ALTER TABLE organisations ADD COLUMN members_see_all_cases INTEGER NOT NULL DEFAULT 0;
