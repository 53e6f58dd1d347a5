-- Server-side console sessions (issue #14 items 3, 4). The browser's httpOnly cookie holds a
-- 256-bit random id; only its SHA-256 is stored, so reading this table yields no usable cookie.
-- Every replica reads the row on every request: ending it (sign-out, an admin) takes effect at once.
CREATE TABLE console_sessions (
  -- The handle the admin Sessions list acts on; not a credential.
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash          text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_oid            text NOT NULL,
  tenant_id           text NOT NULL,
  user_name           text NOT NULL,
  username            text NOT NULL,
  roles               text[] NOT NULL DEFAULT '{}',
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  -- When the IdP's word about the principal runs out (the access token's exp); renewal moves it.
  token_expires_at    timestamptz NOT NULL,
  -- created_at + the absolute lifetime at sign-in; renewal never moves it.
  absolute_expires_at timestamptz NOT NULL,
  ended_at            timestamptz,
  -- The oid of whoever ended it (the user at sign-out, or an admin).
  ended_by            text,
  end_reason          text CHECK (end_reason IN ('signed_out', 'ended_by_admin')),
  user_agent          text,
  ip_address          text,
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- The admin list and "end all for this user" read only sessions not ended.
CREATE INDEX console_sessions_open ON console_sessions (user_oid, created_at DESC) WHERE ended_at IS NULL;
CREATE INDEX console_sessions_absolute_expiry ON console_sessions (absolute_expires_at);
