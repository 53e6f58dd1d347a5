-- The provisioning plan an operation executes (resources with their SDK bodies, the step DAG),
-- kept beside the operation so any worker replica can run any step after a restart.
-- Plans never hold secrets: bodies name them in secretInputs and the executor fills them in.
CREATE TABLE operation_plans (
  operation_id uuid PRIMARY KEY REFERENCES operations (id) ON DELETE CASCADE,
  plan         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
