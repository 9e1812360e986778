-- The prefecture each audit entry is filed under (the actor's, else the object's), so that a prefecture
-- administrator reads only their own prefecture's entries. Entries written before this migration keep ''
-- (filed under no prefecture: system administrators only); they are not rewritten, the log being append-only.
ALTER TABLE audit_log ADD COLUMN prefecture_code TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_prefecture ON audit_log(prefecture_code, seq);
