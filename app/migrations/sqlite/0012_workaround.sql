-- "Resolution time is defined as the period within which the problem is
-- resolved or an acceptable work-around or alternate resolution plan has
-- been delivered" (Xecuritas): when support first delivered one, which
-- meets the case's resolution target while the case stays open.
ALTER TABLE cases ADD COLUMN workaround_at INTEGER;
