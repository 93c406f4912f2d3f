-- A defect fixed in a future release: engineering's reference and the
-- release that will carry the fix (Aveksa: "targeted for a future release").
ALTER TABLE cases ADD COLUMN engineering_ref TEXT;
ALTER TABLE cases ADD COLUMN target_release TEXT;
