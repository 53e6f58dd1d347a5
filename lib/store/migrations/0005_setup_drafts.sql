-- Setup wizard drafts: the wizard's state kept server-side, so a reload or another browser
-- continues it. `data` holds only non-secret answers; `secrets` holds each write-only field
-- (client secrets, the LLM key) sealed with AES-256-GCM under SECRETS_KEY, never plaintext.
CREATE TABLE setup_drafts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'provisioning', 'done', 'discarded')),
  data             jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
  -- field name -> "v1.<iv>.<tag>.<ciphertext>" (base64url); the AAD binds it to draft and field.
  secrets          jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(secrets) = 'object'),
  completed_steps  text[] NOT NULL DEFAULT '{}',
  operation_id     uuid REFERENCES operations (id) ON DELETE SET NULL,
  environment_id   uuid REFERENCES environments (id) ON DELETE SET NULL,
  created_by       text NOT NULL,
  updated_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1
);
-- The wizard continues the one unfinished draft: at most one open or provisioning at a time.
CREATE UNIQUE INDEX setup_drafts_one_current ON setup_drafts ((true)) WHERE status IN ('open', 'provisioning');
