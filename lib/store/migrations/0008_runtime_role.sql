-- Least privilege for the running console. Migrations run as the schema's OWNER (the role of
-- DATABASE_MIGRATION_URL, else DATABASE_URL's); the console at runtime should connect as
-- another login role that is a member of `console_runtime` (the migrator grants that membership
-- to DATABASE_URL's role, lib/store/migrate.ts). That group may read and write the store's
-- tables but on audit_events only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, and as a
-- non-owner it cannot ALTER the table (DISABLE TRIGGER) or drop its triggers. The append-only
-- triggers stay as a second line against the owner itself.
--
-- Roles are cluster-wide and creating one needs CREATEROLE: an owner without it (a laptop user,
-- PGlite's single user) skips this with a notice and the console runs as the owner, as before.
DO $$
DECLARE
  can_create boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'console_runtime') THEN
    SELECT rolcreaterole OR rolsuper INTO can_create FROM pg_roles WHERE rolname = current_user;
    IF NOT can_create THEN
      RAISE NOTICE 'console_runtime not created: % may not create roles; the console will run as the schema owner', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE console_runtime NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database on this server created it at the same moment
    END;
  END IF;

  EXECUTE 'GRANT USAGE ON SCHEMA public TO console_runtime';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO console_runtime';
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO console_runtime';
  EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM console_runtime';
  EXECUTE 'REVOKE ALL ON schema_migrations FROM console_runtime';
  EXECUTE 'GRANT SELECT ON schema_migrations TO console_runtime';
  -- Tables of later migrations (created by this same owner) get the ordinary grants; a later
  -- append-only table must REVOKE like audit_events above.
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO console_runtime';
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO console_runtime';
END;
$$;
