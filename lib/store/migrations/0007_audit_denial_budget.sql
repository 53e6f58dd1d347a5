-- Refused attempts (`denied` audit rows) are budgeted per actor so a signed-in Reader clicking
-- or scripting forbidden actions cannot flood audit_events. One row per actor, shared by every
-- replica: the current window's start, rows written in it, attempts counted but not written.
-- The suppressed count is written as one summary row when the actor's next window opens
-- (lib/store/audit-denials.ts).
CREATE TABLE audit_denial_windows (
  actor_id      text PRIMARY KEY CHECK (actor_id <> ''),
  actor_name    text NOT NULL,
  window_start  timestamptz NOT NULL,
  written       integer NOT NULL CHECK (written >= 0),
  suppressed    integer NOT NULL CHECK (suppressed >= 0)
);
