import { describe, expect, it } from "vitest";
import { checksHeadline, type CheckLine } from "./checks-headline";

const ok = (title: string): CheckLine => ({ title, verdict: "ok", summary: "fine" });

describe("checksHeadline", () => {
  it("says all ok, or no checks", () => {
    expect(checksHeadline([ok("Connections"), ok("Cache")])).toBe("All 2 checks ok");
    expect(checksHeadline([])).toBe("No checks");
  });

  it("names an unread check and why, without calling it a problem", () => {
    const items = [ok("Connections"), { title: "Top queries", verdict: "unknown" as const, summary: "pg_stat_statements is not preloaded" }];
    expect(checksHeadline(items)).toBe("Top queries not judged: pg_stat_statements is not preloaded");
  });

  it("leads with the worst check and counts the rest", () => {
    const items: CheckLine[] = [
      { title: "Top queries", verdict: "unknown", summary: "not preloaded" },
      { title: "Long queries", verdict: "warn", summary: "1 query over 5 min" },
      { title: "Wraparound", verdict: "critical", summary: "age 1.9 billion" },
      ok("Cache"),
    ];
    expect(checksHeadline(items)).toBe("Wraparound: age 1.9 billion (and 2 more)");
  });
});
