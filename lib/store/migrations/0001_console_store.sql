-- Console store, first schema: audit log, environments, operations and their steps.
-- Runs on PostgreSQL 15+ and PGlite 0.5 (PostgreSQL 18 in wasm): core features only, no extensions.

-- Audit log ------------------------------------------------------------------------------------
CREATE TABLE audit_events (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  actor_id     text NOT NULL CHECK (actor_id <> ''),
  actor_name   text NOT NULL,
  -- "C" collation: byte order, so one plain btree serves prefix LIKE, ORDER BY and DISTINCT.
  action       text COLLATE "C" NOT NULL CHECK (action ~ '^[a-z][a-zA-Z0-9_-]*(\.[a-z][a-zA-Z0-9_-]*)*$'),
  target       text NOT NULL,
  changes      jsonb CHECK (changes IS NULL OR jsonb_typeof(changes) = 'object'),
  outcome      text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  request_id   text NOT NULL,
  detail       text
);
-- The log page lists newest first, optionally from/to a time: one index serves order and range.
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC, id DESC);
-- Action filter is a prefix match ("environment." → every environment action) and feeds the
-- distinct-actions dropdown (a skip scan over this index).
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC);
-- "What happened to X": exact target lookups from an environment's page.
CREATE INDEX audit_events_target_idx ON audit_events (target, occurred_at DESC);

-- Append-only: even a bug or a hand-typed statement cannot rewrite history. Statement-level
-- triggers fire even when no row matches, so an attempt is always refused loudly.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit events are never changed or removed; record a new event instead.';
END;
$$;
CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Environments ---------------------------------------------------------------------------------
CREATE TABLE environments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL CHECK (name ~ '^[a-z][a-z0-9-]{1,19}$'),
  subscription_id  uuid NOT NULL,
  region           text NOT NULL CHECK (region ~ '^[a-z][a-z0-9]*$'),
  resource_group   text NOT NULL CHECK (resource_group <> ''),
  -- Sizing and choices only. Secrets live in Key Vault / Kubernetes secrets, never here
  -- (the repository refuses secret-looking keys).
  settings         jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
  status           text NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'provisioning', 'ready', 'degraded', 'failed', 'upgrading', 'deleting')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text NOT NULL,
  -- Optimistic concurrency: every update must name the version it read (the UI's etag).
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CONSTRAINT environments_name_key UNIQUE (name)
);

-- Operations -----------------------------------------------------------------------------------
CREATE TABLE operations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  environment_id  uuid NOT NULL REFERENCES environments (id) ON DELETE RESTRICT,
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]*$'),
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'canceled')),
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  error           jsonb,
  CHECK ((status IN ('succeeded', 'failed', 'canceled')) = (finished_at IS NOT NULL))
);
-- Two operations on one environment never run at once: the database says no, not just the UI.
CREATE UNIQUE INDEX operations_one_active_per_environment
  ON operations (environment_id) WHERE status IN ('pending', 'running');
CREATE INDEX operations_environment_idx ON operations (environment_id, created_at DESC);

CREATE TABLE operation_steps (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  operation_id      uuid NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
  position          integer NOT NULL,
  key               text NOT NULL CHECK (key ~ '^[a-z][a-z0-9.:_-]*$'),
  title             text NOT NULL,
  depends_on        text[] NOT NULL DEFAULT '{}',
  status            text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped', 'canceled')),
  attempt           integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  started_at        timestamptz,
  finished_at       timestamptz,
  poller_state      jsonb,
  resource_id       text,
  error             jsonb,
  lease_owner       text,
  lease_expires_at  timestamptz,
  output            jsonb,
  CONSTRAINT operation_steps_key_unique UNIQUE (operation_id, key),
  CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);
-- The worker's claim query scans only unfinished steps; finished history stays out of the index.
CREATE INDEX operation_steps_claimable_idx
  ON operation_steps (lease_expires_at) WHERE status IN ('pending', 'running');
