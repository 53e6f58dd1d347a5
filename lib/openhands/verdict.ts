/**
 * Verdicts shared by the day-two health pages (database, Redis, sandboxes, overview): every item a
 * page shows is judged ok / warn / critical from thresholds kept in a rules file, and "unknown" when
 * the evidence could not be read (a timeout, no permission) — never silently "ok".
 */
export const VERDICTS = ["ok", "warn", "critical", "unknown"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A threshold pair: the value at which an item becomes warn, and critical. */
export interface Threshold {
  warn: number;
  critical: number;
  /** "above": higher is worse (connections used); "below": lower is worse (cache hit ratio). */
  worse: "above" | "below";
}

export function judge(value: number | null | undefined, t: Threshold): Verdict {
  if (value === null || value === undefined || Number.isNaN(value)) return "unknown";
  if (t.worse === "above") return value >= t.critical ? "critical" : value >= t.warn ? "warn" : "ok";
  return value <= t.critical ? "critical" : value <= t.warn ? "warn" : "ok";
}

const RANK: Record<Verdict, number> = { ok: 0, unknown: 1, warn: 2, critical: 3 };

/** The worst of several verdicts (a page's or tile's overall verdict); ok for none. */
export function worst(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = "ok";
  for (const v of verdicts) if (RANK[v] > RANK[out]) out = v;
  return out;
}
