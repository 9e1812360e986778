-- Registry (台帳): children, their guardians, diagnoses, care items, devices and consents; every version of
-- a record; and submissions of the public registration form waiting for review.
-- Columns marked "derived" are computed by the application (registry/derive.h) on every save, stored so that
-- lists can filter and sort on them; they are never typed by a person.

CREATE TABLE children (
  id {{id}},
  version INTEGER NOT NULL,
  prefecture_code TEXT NOT NULL REFERENCES prefectures(code),
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name_kana TEXT NOT NULL,
  given_name_kana TEXT NOT NULL,
  name_key TEXT NOT NULL,                 -- derived: normalised name and kana, for search and matching
  kana_sort TEXT NOT NULL,                -- derived: normalised kana, for sorting
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  address TEXT NOT NULL,
  life_stage TEXT NOT NULL,
  affiliation TEXT NOT NULL,
  hospital TEXT NOT NULL,
  primary_doctor TEXT NOT NULL,
  visiting_nurse TEXT NOT NULL,
  coordinator_user_id BIGINT REFERENCES users(id),
  status TEXT NOT NULL,                   -- active, moved_out, adult_services, deceased
  status_date TEXT NOT NULL,
  moved_to TEXT NOT NULL,
  source TEXT NOT NULL,                   -- registration_form, municipal_report, census, hospital
  notes TEXT NOT NULL,
  score INTEGER NOT NULL,                 -- derived: 医療的ケア判定スコア
  electricity_dependent INTEGER NOT NULL, -- derived: any device needs mains power
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX children_municipality ON children(municipality_code);
CREATE INDEX children_prefecture ON children(prefecture_code, kana_sort);
CREATE INDEX children_coordinator ON children(coordinator_user_id);
CREATE INDEX children_birth_date ON children(birth_date);

CREATE TABLE child_guardians (
  child_id BIGINT NOT NULL REFERENCES children(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  relationship TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  PRIMARY KEY (child_id, position)
);

CREATE TABLE child_diagnoses (
  child_id BIGINT NOT NULL REFERENCES children(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  icd10 TEXT NOT NULL,
  PRIMARY KEY (child_id, position)
);

CREATE TABLE child_care_items (
  child_id BIGINT NOT NULL REFERENCES children(id),
  care_item_code TEXT NOT NULL REFERENCES care_items(code),
  watch_level TEXT NOT NULL,              -- high, mid (ventilator only), low
  PRIMARY KEY (child_id, care_item_code)
);
CREATE INDEX child_care_items_code ON child_care_items(care_item_code);

CREATE TABLE child_devices (
  child_id BIGINT NOT NULL REFERENCES children(id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  battery_hours DOUBLE PRECISION,
  needs_power INTEGER NOT NULL,
  PRIMARY KEY (child_id, position)
);

-- One row per consent given; withdrawal fills withdrawn_on. A consent given again after a withdrawal is a
-- new row, so the history stays. A scope is in force while one of its rows has no withdrawal.
CREATE TABLE child_consents (
  id {{id}},
  child_id BIGINT NOT NULL REFERENCES children(id),
  scope TEXT NOT NULL,                    -- registration, municipality_sharing, disaster_planning, care_team_sharing
  given_on TEXT NOT NULL,
  method TEXT NOT NULL,                   -- paper, web_form
  recorded_by BIGINT REFERENCES users(id),
  recorded_at BIGINT NOT NULL,
  withdrawn_on TEXT,
  withdrawal_recorded_by BIGINT REFERENCES users(id),
  withdrawal_recorded_at BIGINT
);
CREATE INDEX child_consents_child ON child_consents(child_id, scope);

-- Every saved version of a record as JSON, with who saved it and why; the history page diffs neighbours.
CREATE TABLE child_versions (
  child_id BIGINT NOT NULL REFERENCES children(id),
  version INTEGER NOT NULL,
  saved_at BIGINT NOT NULL,
  user_id BIGINT REFERENCES users(id),
  login TEXT NOT NULL,
  summary TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  PRIMARY KEY (child_id, version)
);

-- The public registration form's submissions: pending until staff accept, merge or reject them.
-- The payload is the family's answers as JSON; it is cleared when a rejected submission is purged.
CREATE TABLE registration_submissions (
  id {{id}},
  receipt_no TEXT NOT NULL UNIQUE,
  submitted_at BIGINT NOT NULL,
  client_hash TEXT NOT NULL,              -- keyed hash of the sender's address, for rate limiting only
  prefecture_code TEXT NOT NULL REFERENCES prefectures(code),
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  name_key TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,                   -- pending, accepted, merged, rejected
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at BIGINT,
  reject_reason TEXT NOT NULL,
  child_id BIGINT REFERENCES children(id)
);
CREATE INDEX registration_submissions_status ON registration_submissions(status, submitted_at);
CREATE INDEX registration_submissions_client ON registration_submissions(client_hash, submitted_at);
