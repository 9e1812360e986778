-- users.facility_id refers to facilities(id) (a facility user belongs to a facility that exists). SQLite cannot
-- add a constraint to a table, so the table is rebuilt with the same columns, ids and rows.
-- A facility id that names no facility cannot stay: it becomes NULL, and such a facility user then reaches no
-- facility at all.
-- The migration runs in one transaction, where foreign_keys cannot be switched off: defer_foreign_keys lets the
-- tables that refer to users (sessions, user_departments, children, …) point at no row between the DROP and the
-- INSERT below, and checks them all again at COMMIT. No table refers to users with an ON DELETE action, so the
-- DROP changes no other table's rows (and AUTOINCREMENT goes on from the highest id copied back).
UPDATE users SET facility_id = NULL
WHERE facility_id IS NOT NULL AND facility_id NOT IN (SELECT id FROM facilities);
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_before_0008 AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  prefecture_code TEXT REFERENCES prefectures(code),
  municipality_code TEXT REFERENCES municipalities(code),
  facility_id BIGINT REFERENCES facilities(id),
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO users (id, login, display_name, password_hash, role, prefecture_code, municipality_code, facility_id,
                   totp_secret, totp_enabled, disabled, created_at, updated_at)
SELECT id, login, display_name, password_hash, role, prefecture_code, municipality_code, facility_id,
       totp_secret, totp_enabled, disabled, created_at, updated_at
FROM users_before_0008 ORDER BY id;
DROP TABLE users_before_0008;
