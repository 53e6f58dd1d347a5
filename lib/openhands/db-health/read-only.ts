/**
 * Every health query runs here: its own client, `BEGIN READ ONLY` (the page can never change the
 * database it watches) and its own `SET LOCAL statement_timeout`, so one slow catalog view makes
 * one item "unknown: timed out after 3 s" instead of hanging the page.
 */
import type pg from "pg";

export type ProbeFailure = { ok: false; reason: "timeout" | "permission" | "error"; message: string };
export type Probe<T> = { ok: true; value: T } | ProbeFailure;

/** PostgreSQL SQLSTATEs the page explains instead of showing as errors. */
const QUERY_CANCELED = "57014";
const INSUFFICIENT_PRIVILEGE = "42501";

export function sqlStateOf(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string" ? err.code : undefined;
}

export function describeFailure(err: unknown, timeoutMs: number): ProbeFailure {
  const state = sqlStateOf(err);
  const message = err instanceof Error ? err.message : String(err);
  if (state === QUERY_CANCELED) return { ok: false, reason: "timeout", message: `timed out after ${formatSeconds(timeoutMs)}` };
  if (state === INSUFFICIENT_PRIVILEGE) return { ok: false, reason: "permission", message: `no permission: ${message}` };
  return { ok: false, reason: "error", message };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export async function readOnly<T>(pool: pg.Pool, timeoutMs: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<Probe<T>> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    return describeFailure(err, timeoutMs);
  }
  let broken: Error | undefined;
  try {
    await client.query("BEGIN READ ONLY");
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(Math.max(1, Math.round(timeoutMs)))]);
    const value = await fn(client);
    await client.query("COMMIT");
    return { ok: true, value };
  } catch (err) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackErr) {
      // A client that cannot roll back is in an unknown state: the pool must not reuse it.
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    return describeFailure(err, timeoutMs);
  } finally {
    client.release(broken);
  }
}
