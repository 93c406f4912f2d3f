-- Partners act for client organisations (Calyptix: the partner calls
-- support about a client's appliance; Scalix: "your local reseller").
-- Admins set who serves whom; the client's account holders decide what the
-- partner's people may do: nothing, file cases and follow the ones they
-- file or follow, or see every case of the client.
CREATE TABLE partnerships (
    partner_id INTEGER NOT NULL REFERENCES organisations (id),
    client_id INTEGER NOT NULL REFERENCES organisations (id),
    access TEXT NOT NULL CHECK (access IN ('none', 'file', 'all')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (partner_id, client_id),
    CHECK (partner_id <> client_id)
);
CREATE INDEX partnerships_client ON partnerships (client_id, partner_id);
-- A case a partner filed for its client: the partner, and whose
-- entitlement the case uses (NULL: the case's own organisation's).
ALTER TABLE cases ADD COLUMN partner_id INTEGER REFERENCES organisations (id);
ALTER TABLE cases ADD COLUMN billed_organisation_id INTEGER REFERENCES organisations (id);
