-- Census (実数調査): the yearly count. Each source (a municipality's sheet, the education board's list, the
-- registry, …) is imported into a round; reconciliation links the rows that are the same child and gives
-- every row a person key. Re-importing a source keeps the earlier version (active = 0) as history.

CREATE TABLE census_rounds (
  year INTEGER PRIMARY KEY,
  prefecture_code TEXT NOT NULL,
  reference_date TEXT NOT NULL,           -- ages are counted on this date (1 April of the year)
  reconciled_at BIGINT,
  frozen_at BIGINT,                       -- the official count: nothing in the round changes after this
  frozen_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

CREATE TABLE census_sources (
  id {{id}},
  round_year INTEGER NOT NULL REFERENCES census_rounds(year),
  name TEXT NOT NULL,                     -- e.g. mun-352012, education
  kind TEXT NOT NULL,                     -- municipality, education, registry, other
  municipality_code TEXT NOT NULL,        -- the reporting municipality for kind municipality, else ''
  version INTEGER NOT NULL,
  active INTEGER NOT NULL,                -- 1 for the current version of the source in its round
  file_name TEXT NOT NULL,
  file_format TEXT NOT NULL,              -- csv (UTF-8), csv (Shift_JIS), xlsx
  row_count INTEGER NOT NULL,
  skipped_rows INTEGER NOT NULL,          -- invalid rows left out at the importer's choice
  imported_by TEXT NOT NULL,
  imported_at BIGINT NOT NULL,
  UNIQUE (round_year, name, version)
);
CREATE INDEX census_sources_active ON census_sources(round_year, active);

-- One row of a sheet as read (normalised values) with the comparison keys computed at import.
CREATE TABLE census_rows (
  id {{id}},
  source_id BIGINT NOT NULL REFERENCES census_sources(id),
  line INTEGER NOT NULL,                  -- row in the file (1-based), for messages
  record_id TEXT NOT NULL,
  name TEXT NOT NULL,
  kana TEXT NOT NULL,                     -- katakana, as written apart from the script
  birth_date TEXT NOT NULL,               -- ISO or ''
  birth_date_raw TEXT NOT NULL,
  sex TEXT NOT NULL,                      -- male, female or ''
  municipality_code TEXT NOT NULL,
  address TEXT NOT NULL,
  care_items TEXT NOT NULL,               -- care item codes separated by spaces
  affiliation TEXT NOT NULL,              -- code or ''
  diagnosis TEXT NOT NULL,
  note TEXT NOT NULL,
  extra TEXT NOT NULL,                    -- unknown columns as a JSON object
  family_key TEXT NOT NULL,               -- name keys (core/text/normalize): family, given ('' when the name
  given_key TEXT NOT NULL,                -- has no space), the whole name; the same for the reading
  name_key TEXT NOT NULL,
  kana_family_key TEXT NOT NULL,
  kana_given_key TEXT NOT NULL,
  kana_key TEXT NOT NULL,
  address_key TEXT NOT NULL
);
CREATE INDEX census_rows_source ON census_rows(source_id);

-- The result of the latest reconciliation: a person key per active row. No index beyond the key: a round is
-- written whole and read whole, and every index is written again on every reconciliation.
-- Derived data, rewritten whole by every reconciliation from rows that are never deleted: no foreign keys, whose
-- per-row checks would cost PostgreSQL more than the write itself.
CREATE TABLE census_links (
  round_year INTEGER NOT NULL,
  row_id BIGINT NOT NULL,
  person_key TEXT NOT NULL,
  PRIMARY KEY (round_year, row_id)
);

-- Pairs the latest reconciliation compared and kept: linked pairs (decision link), pairs for a reviewer
-- (review) and pairs held apart by a rule although their score was high (held). Explanation: JSON.
CREATE TABLE census_pairs (
  round_year INTEGER NOT NULL,
  row_a BIGINT NOT NULL,
  row_b BIGINT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  decision TEXT NOT NULL,
  explanation TEXT NOT NULL,
  PRIMARY KEY (round_year, row_a, row_b)
);

-- A reviewer's decision on a pair, by the rows' source and record id so that it survives re-imports and is
-- respected whenever the round is reconciled again.
CREATE TABLE census_reviews (
  round_year INTEGER NOT NULL REFERENCES census_rounds(year),
  source_a TEXT NOT NULL,
  record_a TEXT NOT NULL,
  source_b TEXT NOT NULL,
  record_b TEXT NOT NULL,
  same_child INTEGER NOT NULL,            -- 1: the same child, 0: different children
  reviewer TEXT NOT NULL,
  decided_at BIGINT NOT NULL,
  PRIMARY KEY (round_year, source_a, record_a, source_b, record_b)
);

-- An uploaded sheet with errors, kept until its uploader chooses to import the valid rows or nothing (and
-- for a day at most). The file's bytes, base64.
CREATE TABLE census_uploads (
  id {{id}},
  round_year INTEGER NOT NULL,
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  municipality_code TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
