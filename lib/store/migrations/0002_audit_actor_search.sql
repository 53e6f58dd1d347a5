-- The audit page's actor filter is a partial, any-case match on id or name. ILIKE over two
-- columns costs ~500 ms per 100k rows; LIKE over one pre-lowered column ~75 ms (bench/store-audit.ts).
-- chr(31) (unit separator) keeps a search from matching across the id/name boundary.
-- A trigram index would make it indexable, but pg_trgm needs allow-listing on Azure and is not
-- loaded in PGlite: revisit if the log outgrows a sequential scan.
ALTER TABLE audit_events
  ADD COLUMN actor_search text GENERATED ALWAYS AS (lower(actor_id || chr(31) || actor_name)) STORED;
