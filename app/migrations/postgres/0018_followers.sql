-- Colleagues who follow a case: they see and answer it and get its emails,
-- as its contact does, while they belong to its organisation. An
-- organisation may also let every member see every one of its cases.
CREATE TABLE case_followers (
    case_id BIGINT NOT NULL REFERENCES cases (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    added_by BIGINT NOT NULL REFERENCES users (id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_followers_user ON case_followers (user_id, case_id);
ALTER TABLE organisations ADD COLUMN members_see_all_cases BIGINT NOT NULL DEFAULT 0;
