-- See 0007_resources_search.sql. The search key (name keys of the name, reading, organisation and address)
-- is in the index so that the text search's LIKE '%…%' reads index entries, not table rows; SQLite stores a
-- long key in overflow pages.
CREATE INDEX facilities_list ON facilities(prefecture_code, status, name_kana, id, lat, lng, search_key);
