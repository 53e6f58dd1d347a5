-- Usage of an environment's OpenHands, rolled up in the console's store so the Sandboxes page's
-- long ranges (90 days at 1,000,000 conversations) read a few thousand rows instead of scanning
-- OpenHands' conversation_metadata, to which we may add no index (lib/openhands/sandboxes/
-- usage-rollup.ts explains the refresh). Spend is attributed to the UTC day a conversation
-- started, as the direct queries do. A conversation without a model is kept under '' (the page
-- shows "(none)"). Cost is numeric: sums of sums then equal the source's sum exactly.
CREATE TABLE usage_rollup (
  environment_id    uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  day               date NOT NULL,
  user_id           text NOT NULL,
  llm_model         text NOT NULL,
  conversations     integer NOT NULL CHECK (conversations > 0),
  cost              numeric NOT NULL,
  prompt_tokens     bigint NOT NULL,
  completion_tokens bigint NOT NULL,
  total_tokens      bigint NOT NULL,
  last_activity_at  timestamptz NOT NULL,
  PRIMARY KEY (environment_id, day, user_id, llm_model)
);
-- The user filter (one user's days and models).
CREATE INDEX usage_rollup_user ON usage_rollup (environment_id, user_id, day);

-- Per day and model, derived from usage_rollup in the same transaction: totals, the spend-per-day
-- chart, per model and the model list read at most 366 × models rows.
CREATE TABLE usage_rollup_days (
  environment_id    uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  day               date NOT NULL,
  llm_model         text NOT NULL,
  conversations     integer NOT NULL,
  cost              numeric NOT NULL,
  prompt_tokens     bigint NOT NULL,
  completion_tokens bigint NOT NULL,
  total_tokens      bigint NOT NULL,
  last_activity_at  timestamptz NOT NULL,
  PRIMARY KEY (environment_id, day, llm_model)
);

-- The days each user worked with each model, as a multirange (consecutive days merge): distinct
-- users over any range is a count of rows whose days overlap it — a user is not additive over
-- days, so this cannot come from the per-day table, and counting over usage_rollup reads every row.
CREATE TABLE usage_rollup_users (
  environment_id uuid NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  user_id        text NOT NULL,
  llm_model      text NOT NULL,
  days           datemultirange NOT NULL,
  PRIMARY KEY (environment_id, user_id, llm_model)
);

-- Refresh state per environment. `complete_from`: the rollup holds every day from this one on
-- (backfill moves it back in bounded steps; NULL = nothing yet; '-infinity' = all history).
-- `watermark`: the newest last_updated_at folded in. `sweep_before`: the rolling re-check of old
-- days (catches deleted conversations, which no last_updated_at announces).
CREATE TABLE usage_rollup_state (
  environment_id uuid PRIMARY KEY REFERENCES environments (id) ON DELETE CASCADE,
  complete_from  date,
  watermark      timestamptz,
  sweep_before   date,
  refreshed_at   timestamptz NOT NULL DEFAULT now()
);
