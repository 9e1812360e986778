-- The audit log moves to its own file (schema "audit", attached to every connection; db::audit_file_for). Every
-- read of personal data appends an entry; in the registry's file each append changed the file under every other
-- connection, which then dropped its page cache and memory map and read the pages in again.
--
-- A transaction that writes two files is atomic per file only, so this runs in two steps. The first writes only
-- the audit file: it copies the log and its head there, replacing whatever an interrupted run or an older file of
-- the same name left (until this migration is recorded, the registry's file holds the log). The second writes only
-- the registry's file: it drops the originals and creates the outbox.
DROP TABLE IF EXISTS audit.audit_log;
DROP TABLE IF EXISTS audit.audit_head;
CREATE TABLE audit.audit_log (
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
INSERT INTO audit.audit_log (seq, at, user_id, login, role, action, object_type, object_id, request_id, client_addr,
                             detail, prev_hash, hash, prefecture_code)
  SELECT seq, at, user_id, login, role, action, object_type, object_id, request_id, client_addr, detail, prev_hash,
         hash, prefecture_code
  FROM main.audit_log ORDER BY seq;
CREATE INDEX audit.audit_log_at ON audit_log(at);
CREATE INDEX audit.audit_log_prefecture ON audit_log(prefecture_code, seq);

CREATE TRIGGER audit.audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit.audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- outbox_moved: the highest outbox id whose entry is in the chain (see audit_outbox below).
CREATE TABLE audit.audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  outbox_moved BIGINT NOT NULL DEFAULT 0
);
INSERT INTO audit.audit_head (id, seq, hash) SELECT id, seq, hash FROM main.audit_head;

-- @commit

DROP TABLE main.audit_log;
DROP TABLE main.audit_head;

-- The entries of changes. A change and its entry commit in one transaction of one file, so an entry written in the
-- change's transaction goes here; after the commit it is moved into the chain in the audit file (recording its id
-- as audit_head.outbox_moved in the same transaction), then deleted here. An id not above outbox_moved has been
-- moved already, so a move cut short is finished without repeating it. Ids are given above both the outbox's
-- largest and outbox_moved, so a registry file restored from a backup older than its audit file reuses none.
CREATE TABLE main.audit_outbox (
  id INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id BIGINT,
  login TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  client_addr TEXT NOT NULL,
  detail TEXT NOT NULL,
  prefecture_code TEXT NOT NULL
);
