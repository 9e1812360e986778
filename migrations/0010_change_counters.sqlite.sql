-- A counter per kind of data that moves whenever the data does, so that a server may keep something it derived
-- (a list's count) and know cheaply when it is out of date, even when another app server made the change.
-- (Per dialect: the shared file of a version runs after the PostgreSQL one, and the triggers need the table.)
CREATE TABLE change_counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('children', 0);

CREATE TRIGGER children_changed_insert AFTER INSERT ON children
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER children_changed_update AFTER UPDATE ON children
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER children_changed_delete AFTER DELETE ON children
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER child_consents_changed_insert AFTER INSERT ON child_consents
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER child_consents_changed_update AFTER UPDATE ON child_consents
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER child_consents_changed_delete AFTER DELETE ON child_consents
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER child_care_items_changed_insert AFTER INSERT ON child_care_items
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER child_care_items_changed_update AFTER UPDATE ON child_care_items
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
CREATE TRIGGER child_care_items_changed_delete AFTER DELETE ON child_care_items
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'children';
END;
