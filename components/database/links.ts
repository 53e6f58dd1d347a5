/**
 * The database page's URL state: which environment and which page of each long list. Pagination
 * is server-side, so each "next page" is a link the server renders.
 */
export interface DatabasePageState {
  env?: string;
  /** Page of long-running queries. */
  qpage: number;
  /** Page of the dead-tuples table. */
  tpage: number;
}

function pageParam(v: string | string[] | undefined): number {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export function parseDatabasePageState(sp: Record<string, string | string[] | undefined>): DatabasePageState {
  const env = Array.isArray(sp.env) ? sp.env[0] : sp.env;
  return { env: env && /^[a-z][a-z0-9-]{1,19}$/.test(env) ? env : undefined, qpage: pageParam(sp.qpage), tpage: pageParam(sp.tpage) };
}

export function databaseHref(state: DatabasePageState, change: Partial<DatabasePageState> = {}): string {
  const s = { ...state, ...change };
  const q = new URLSearchParams();
  if (s.env) q.set("env", s.env);
  if (s.qpage > 1) q.set("qpage", String(s.qpage));
  if (s.tpage > 1) q.set("tpage", String(s.tpage));
  const qs = q.toString();
  return qs ? `/database?${qs}` : "/database";
}
