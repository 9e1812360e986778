-- The registry's name search on PostgreSQL: a trigram index over children.name_key (pg_trgm, a trusted extension
-- the database's owner may create), which serves the store's `name_key LIKE '%…%'` instead of a test of every
-- visible key. Where the extension cannot be created (it is not installed, or the role may not create it) the
-- migration still succeeds and the search keeps scanning; docs/operations.md says how to add it later.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): the name search scans the keys', SQLERRM;
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS children_name_key_trgm ON children USING gin (name_key gin_trgm_ops)';
  END IF;
END $$;
