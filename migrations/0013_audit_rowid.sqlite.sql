-- The audit log keyed by its rowid. Declared "seq BIGINT PRIMARY KEY", the table kept a second b-tree (an index
-- on seq beside the rowid), so every append wrote one page more than it needed to. As "seq INTEGER PRIMARY KEY"
-- seq is the rowid itself. The entries are copied as they are (same seq, same fields, same hashes), so the chain
-- still verifies; the table is rebuilt with its indexes and its append-only triggers.
CREATE TABLE audit_log_by_seq (
  seq INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id BIGINT,
  login TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,              -- login, login_failed, logout, read, create, update, delete, search, export
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  client_addr TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  prefecture_code TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_log_by_seq (seq, at, user_id, login, role, action, object_type, object_id, request_id, client_addr,
                              detail, prev_hash, hash, prefecture_code)
  SELECT seq, at, user_id, login, role, action, object_type, object_id, request_id, client_addr, detail, prev_hash,
         hash, prefecture_code
  FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_by_seq RENAME TO audit_log;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_prefecture ON audit_log(prefecture_code, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
