-- Foundation: master data, accounts, sessions, API tokens, login throttling, audit log.
-- Runs on SQLite and PostgreSQL alike. {{id}} becomes each database's auto-increment primary key.
-- Times are BIGINT seconds since the Unix epoch (UTC); dates are TEXT in ISO 8601.

CREATE TABLE prefectures (
  code TEXT PRIMARY KEY,             -- 2 digits, e.g. 35
  lg_code TEXT NOT NULL UNIQUE,      -- 6-digit 全国地方公共団体コード, e.g. 350001
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  name_romaji TEXT NOT NULL
);

CREATE TABLE municipalities (
  code TEXT PRIMARY KEY,             -- 6-digit 全国地方公共団体コード with check digit
  code5 TEXT NOT NULL,
  prefecture_code TEXT NOT NULL REFERENCES prefectures(code),
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  name_romaji TEXT NOT NULL,
  level TEXT NOT NULL,               -- designated_city, ward, special_ward, city, town, village
  parent_code TEXT,
  county TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION
);
CREATE INDEX municipalities_prefecture ON municipalities(prefecture_code);

CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_type TEXT NOT NULL,
  prefecture_code TEXT NOT NULL REFERENCES prefectures(code)
);

CREATE TABLE region_municipalities (
  region_code TEXT NOT NULL REFERENCES regions(code),
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  PRIMARY KEY (region_code, municipality_code)
);

CREATE TABLE care_items (
  code TEXT PRIMARY KEY,
  parent_code TEXT,
  item_no INTEGER NOT NULL,
  sub_no INTEGER,
  name_ja TEXT NOT NULL,
  short_name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL,
  item_group TEXT NOT NULL,
  electricity_dependent INTEGER NOT NULL,
  basic_score INTEGER,
  watch_score_high INTEGER,
  watch_score_mid INTEGER,
  watch_score_low INTEGER,
  score_note TEXT NOT NULL,
  sort_order INTEGER NOT NULL
);

CREATE TABLE users (
  id {{id}},
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  prefecture_code TEXT REFERENCES prefectures(code),
  municipality_code TEXT REFERENCES municipalities(code),
  facility_id BIGINT,
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE user_departments (
  user_id BIGINT NOT NULL REFERENCES users(id),
  department TEXT NOT NULL,
  PRIMARY KEY (user_id, department)
);

-- A role an administrator requires to use a second factor (TOTP).
CREATE TABLE role_settings (
  role TEXT PRIMARY KEY,
  require_totp INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  second_factor_pending INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  client_addr TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE login_attempts (
  id {{id}},
  login TEXT NOT NULL,
  client_addr TEXT NOT NULL,
  at BIGINT NOT NULL,
  succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempts_login ON login_attempts(login, at);
CREATE INDEX login_attempts_addr ON login_attempts(client_addr, at);

-- Append-only, hash-chained: each entry's hash covers its fields and the previous entry's hash.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
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
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

-- The chain's head: one row, updated in the same transaction as each append, which also
-- serialises appenders across app servers sharing one PostgreSQL.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
