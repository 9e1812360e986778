-- users.facility_id refers to facilities(id) (a facility user belongs to a facility that exists); see
-- 0008_users_facility.sqlite.sql, which rebuilds the table for the same constraint.
-- A facility id that names no facility cannot stay: it becomes NULL, and such a facility user then reaches no
-- facility at all.
UPDATE users SET facility_id = NULL
WHERE facility_id IS NOT NULL AND facility_id NOT IN (SELECT id FROM facilities);
ALTER TABLE users ADD CONSTRAINT users_facility_id_fkey FOREIGN KEY (facility_id) REFERENCES facilities(id);
