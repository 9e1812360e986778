-- Indexes for the public resource search at national scale (docs/performance.md, "Resources: public search at
-- national scale"). Every search runs a COUNT(*) and one page over a prefecture's active facilities, sorted by
-- reading. With only facilities_place (prefecture_code, status, municipality_code, name_kana, id), a search
-- without a municipality read every active facility of the prefecture from the table to test the text, the
-- box of a "near" search and the order, and the service conditions (type, age, features) read every candidate
-- service's row. Measured on SQLite 3.40 with 100,000 synthetic facilities (10,098 active in 東京都), best of 7
-- on a warm connection, COUNT + page in ms, before → after: all 0.4 + 25.8 → 1.5 + 0.1; service and age
-- 24.0 + 21.6 → 7.1 + 0.1; text 27.9 + 21.8 → 6.1 + 0.5; 3 km around a point 18.5 + 23.4 → 1.7 + 6.2; a
-- municipality with a care item, or with a service and age, unchanged (0.1–2.2).
--   - facilities_list (here and in the backend files: SQLite carries the search key too) reads a page in
--     order and stops after it, and answers the text and box conditions from the index alone;
--   - facility_services_search carries the service conditions, so that the EXISTS test per facility reads no
--     service row. It replaces facility_services_type, one of its prefixes.
DROP INDEX facility_services_type;
CREATE INDEX facility_services_search ON facility_services(service_type, facility_id, age_min, age_max, features);
