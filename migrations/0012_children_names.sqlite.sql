-- The registry's name search on SQLite: a trigram index over children.name_key (FTS5, external content, kept
-- in step by triggers), so a search of three or more characters reads the children whose key contains it
-- instead of testing every key in list order until a page is full. Shorter keys, and PostgreSQL, keep the
-- substring test (registry/store.cpp).
CREATE VIRTUAL TABLE children_names USING fts5(name_key, content='children', content_rowid='id', tokenize='trigram');
INSERT INTO children_names(children_names) VALUES ('rebuild');

CREATE TRIGGER children_names_insert AFTER INSERT ON children
BEGIN
  INSERT INTO children_names(rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER children_names_delete AFTER DELETE ON children
BEGIN
  INSERT INTO children_names(children_names, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER children_names_update AFTER UPDATE OF name_key ON children
BEGIN
  INSERT INTO children_names(children_names, rowid, name_key) VALUES ('delete', old.id, old.name_key);
  INSERT INTO children_names(rowid, name_key) VALUES (new.id, new.name_key);
END;
