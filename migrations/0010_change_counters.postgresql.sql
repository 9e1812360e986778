-- A counter per kind of data that moves whenever the data does, so that a server may keep something it derived
-- (a list's count) and know cheaply when it is out of date, even when another app server made the change.
-- (Per dialect: the shared file of a version runs after the PostgreSQL one, and the triggers need the table.)
CREATE TABLE change_counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('children', 0);

CREATE FUNCTION children_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
  RETURN NULL;
END;
$$;

CREATE TRIGGER children_changed AFTER INSERT OR UPDATE OR DELETE ON children
FOR EACH STATEMENT EXECUTE FUNCTION children_changed();
CREATE TRIGGER child_consents_changed AFTER INSERT OR UPDATE OR DELETE ON child_consents
FOR EACH STATEMENT EXECUTE FUNCTION children_changed();
CREATE TRIGGER child_care_items_changed AFTER INSERT OR UPDATE OR DELETE ON child_care_items
FOR EACH STATEMENT EXECUTE FUNCTION children_changed();
