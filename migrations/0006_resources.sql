-- Resources (社会資源): organisations (法人), their facilities (事業所), and the services each facility offers —
-- with the ages served, the care items accepted (and on what conditions), capacity, vacancy and features. Every
-- save of a facility is a version with a JSON snapshot. Columns marked "derived" are computed by the application.

CREATE TABLE organizations (
  id {{id}},
  prefecture_code TEXT NOT NULL REFERENCES prefectures(code),
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  corporate_number TEXT NOT NULL,         -- 法人番号 (13 digits) or ''
  phone TEXT NOT NULL,
  website TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organizations_prefecture ON organizations(prefecture_code, name_kana);

CREATE TABLE facilities (
  id {{id}},
  version INTEGER NOT NULL,
  organization_id BIGINT REFERENCES organizations(id),
  prefecture_code TEXT NOT NULL REFERENCES prefectures(code),
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  name TEXT NOT NULL,
  name_kana TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  address TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION,
  phone TEXT NOT NULL,
  website TEXT NOT NULL,
  hours TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL,                   -- active, closed
  search_key TEXT NOT NULL,               -- derived: name keys of name, kana, organisation and address
  confirmed_at BIGINT,                    -- the last time someone confirmed the entry is current
  confirmed_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX facilities_place ON facilities(prefecture_code, status, municipality_code, name_kana, id);

CREATE TABLE facility_services (
  id {{id}},
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  position INTEGER NOT NULL,
  service_type TEXT NOT NULL,             -- resources/codes.h kServiceTypes
  age_min INTEGER,                        -- years; NULL: from birth
  age_max INTEGER,                        -- years, inclusive; NULL: no upper limit
  capacity INTEGER,
  vacancy INTEGER,
  features TEXT NOT NULL,                 -- codes separated by spaces (kFeatures)
  notes TEXT NOT NULL
);
CREATE INDEX facility_services_facility ON facility_services(facility_id);
CREATE INDEX facility_services_type ON facility_services(service_type, facility_id);

-- The care items a service accepts, one row each (for filtering), with its conditions as text.
CREATE TABLE service_care_items (
  service_id BIGINT NOT NULL REFERENCES facility_services(id),
  care_item TEXT NOT NULL REFERENCES care_items(code),
  conditions TEXT NOT NULL,
  PRIMARY KEY (service_id, care_item)
);
CREATE INDEX service_care_items_item ON service_care_items(care_item, service_id);

CREATE TABLE facility_versions (
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,                 -- the facility with its services as JSON
  changed_by TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (facility_id, version)
);

-- A facility list being imported: kept between the upload and the mapping of its columns (a day at most).
CREATE TABLE resource_uploads (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  prefecture_code TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,                  -- the file's bytes, base64
  created_at BIGINT NOT NULL
);
