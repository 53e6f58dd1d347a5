/**
 * The headline of a health tile made of several checks (database, Redis). "1 of 9 checks need
 * care" next to an OK badge left the reader to guess which check and whether it mattered; the
 * headline names the worst check and why, and says "not judged" for a check whose evidence could
 * not be read (it does not lower the verdict, so it must not read like a problem).
 */
import type { Verdict } from "./verdict";

export interface CheckLine {
  title: string;
  verdict: Verdict;
  summary: string;
}

const SEVERITY: Record<Verdict, number> = { critical: 3, warn: 2, unknown: 1, ok: 0 };

export function checksHeadline(items: CheckLine[]): string {
  if (items.length === 0) return "No checks";
  const off = items.filter((i) => i.verdict !== "ok").sort((a, b) => SEVERITY[b.verdict] - SEVERITY[a.verdict]);
  const first = off[0];
  if (!first) return `All ${items.length} checks ok`;
  const what = first.verdict === "unknown" ? `${first.title} not judged` : first.title;
  const more = off.length > 1 ? ` (and ${off.length - 1} more)` : "";
  return `${what}: ${first.summary}${more}`;
}
