-- OpenHands' tables as `alembic upgrade head` leaves them (enterprise migrations up to rev 139),
-- limited to the tables and columns the console reads (knowledge/openhands.md §3). Run by the
-- simulated OpenHands app when it starts against its database (openhands-migrations.ts), as the
-- chart's `migrate-db` init container would, so they belong to the app's DB_USER; a database
-- created through ARM is empty until then, as on Azure. Idempotent.

CREATE TABLE IF NOT EXISTS alembic_version (
  version_num varchar(32) NOT NULL CONSTRAINT alembic_version_pkc PRIMARY KEY
);
INSERT INTO alembic_version (version_num) SELECT '139' WHERE NOT EXISTS (SELECT 1 FROM alembic_version);

CREATE TABLE IF NOT EXISTS role (
  id serial PRIMARY KEY,
  name varchar NOT NULL UNIQUE,
  rank integer NOT NULL
);
INSERT INTO role (name, rank) VALUES ('owner', 10), ('admin', 20), ('user', 1000) ON CONFLICT (name) DO NOTHING;

CREATE TABLE IF NOT EXISTS org (
  id uuid PRIMARY KEY,
  name varchar NOT NULL UNIQUE,
  contact_name varchar,
  contact_email varchar,
  remote_runtime_resource_factor integer,
  max_budget_per_task double precision,
  conversation_expiration integer,
  sandbox_base_container_image varchar,
  sandbox_runtime_container_image varchar,
  v1_enabled boolean,
  is_default boolean NOT NULL DEFAULT false,
  max_concurrent_sandboxes integer,
  agent_settings json,
  conversation_settings json,
  _llm_api_key varchar,
  _sandbox_api_key varchar,
  org_version integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS "user" (
  id uuid PRIMARY KEY,
  current_org_id uuid NOT NULL REFERENCES org (id),
  role_id integer REFERENCES role (id),
  email varchar,
  email_verified boolean,
  accepted_tos timestamp,
  enable_sound_notifications boolean,
  language varchar,
  user_consents_to_analytics boolean,
  git_user_name varchar,
  git_user_email varchar
);

CREATE TABLE IF NOT EXISTS org_member (
  org_id uuid NOT NULL REFERENCES org (id),
  user_id uuid NOT NULL REFERENCES "user" (id),
  role_id integer NOT NULL REFERENCES role (id),
  _llm_api_key varchar,
  llm_model varchar,
  llm_base_url varchar,
  max_concurrent_sandboxes_override integer,
  status varchar,
  PRIMARY KEY (org_id, user_id)
);

CREATE TABLE IF NOT EXISTS conversation_metadata (
  conversation_id varchar PRIMARY KEY,
  user_id varchar NOT NULL,
  github_user_id varchar,
  selected_repository varchar,
  selected_branch varchar,
  git_provider varchar,
  title varchar,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_updated_at timestamptz NOT NULL DEFAULT now(),
  trigger varchar,
  pr_number json,
  accumulated_cost double precision DEFAULT 0.0,
  prompt_tokens integer DEFAULT 0,
  completion_tokens integer DEFAULT 0,
  total_tokens integer DEFAULT 0,
  cache_read_tokens integer DEFAULT 0,
  cache_write_tokens integer DEFAULT 0,
  reasoning_tokens integer DEFAULT 0,
  context_window integer DEFAULT 0,
  per_turn_token integer DEFAULT 0,
  max_budget_per_task double precision,
  llm_model varchar,
  conversation_version varchar DEFAULT 'V0',
  sandbox_id varchar,
  parent_conversation_id varchar,
  public boolean,
  tags json
);
CREATE INDEX IF NOT EXISTS ix_conversation_metadata_user_id ON conversation_metadata (user_id);
CREATE INDEX IF NOT EXISTS ix_conversation_metadata_created_at ON conversation_metadata (created_at);

CREATE TABLE IF NOT EXISTS conversation_metadata_saas (
  conversation_id varchar PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES "user" (id),
  org_id uuid NOT NULL REFERENCES org (id)
);

CREATE TABLE IF NOT EXISTS conversation_cost_events (
  id serial PRIMARY KEY,
  conversation_id varchar NOT NULL REFERENCES conversation_metadata (conversation_id) ON DELETE CASCADE,
  cost_delta double precision NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  usage_id varchar,
  llm_model varchar,
  prompt_tokens integer,
  completion_tokens integer
);
CREATE INDEX IF NOT EXISTS ix_conversation_cost_events_occurred_at ON conversation_cost_events (occurred_at);

CREATE TABLE IF NOT EXISTS v1_remote_sandbox (
  id varchar PRIMARY KEY,
  created_by_user_id varchar,
  sandbox_spec_id varchar NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  session_api_key_hash varchar
);
CREATE INDEX IF NOT EXISTS ix_v1_remote_sandbox_created_by_user_id ON v1_remote_sandbox (created_by_user_id);

CREATE TABLE IF NOT EXISTS app_conversation_start_task (
  id uuid PRIMARY KEY,
  created_by_user_id varchar,
  status varchar NOT NULL,
  detail varchar,
  app_conversation_id uuid,
  sandbox_id varchar,
  agent_server_url varchar,
  request json,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS event_callback (
  id uuid PRIMARY KEY,
  conversation_id uuid,
  processor json,
  event_kind varchar,
  status varchar,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS event_callback_result (
  id uuid PRIMARY KEY,
  status varchar,
  event_callback_id uuid,
  event_id uuid,
  conversation_id uuid,
  detail varchar,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS user_settings (
  id serial PRIMARY KEY,
  keycloak_user_id varchar UNIQUE,
  language varchar,
  agent varchar,
  max_iterations integer,
  security_analyzer varchar,
  confirmation_mode boolean,
  llm_model varchar,
  llm_api_key varchar,
  llm_base_url varchar,
  remote_runtime_resource_factor integer,
  enable_default_condenser boolean DEFAULT true,
  user_consents_to_analytics boolean,
  billing_margin double precision,
  enable_sound_notifications boolean DEFAULT false,
  sandbox_base_container_image varchar,
  sandbox_runtime_container_image varchar,
  max_budget_per_task double precision,
  user_version integer NOT NULL DEFAULT 0,
  accepted_tos timestamp,
  email varchar,
  email_verified boolean
);
