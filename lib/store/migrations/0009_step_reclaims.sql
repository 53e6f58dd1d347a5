-- How many times a running step's lease expired and another worker took it over (its worker
-- died while running it). A step that keeps killing its worker (out of memory, a crash in the
-- step) must not take down replica after replica: past a limit the worker fails it instead of
-- claiming it again (lib/store/operation-steps.ts). Retry of the operation resets the count.
ALTER TABLE operation_steps ADD COLUMN reclaims integer NOT NULL DEFAULT 0 CHECK (reclaims >= 0);
