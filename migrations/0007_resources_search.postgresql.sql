-- See 0007_resources_search.sql. Without the search key: a B-tree entry on PostgreSQL is limited to about
-- 2,700 bytes, which a facility with long names and address could exceed; a text search there would use a
-- pg_trgm GIN index instead (docs/performance.md).
CREATE INDEX facilities_list ON facilities(prefecture_code, status, name_kana, id, lat, lng);
