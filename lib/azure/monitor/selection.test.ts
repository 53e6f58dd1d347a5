import { describe, expect, it } from "vitest";
import { monitoringHref, parseSelection, selectionWindow } from "./selection";

const NOW = Date.UTC(2026, 10, 26, 14, 30, 0);

describe("monitoring selection from the URL", () => {
  it("defaults to every resource, the last hour, no split", () => {
    const { selection, problems } = parseSelection({}, NOW);
    expect(selection).toEqual({ resource: "all", range: "1h", split: "none" });
    expect(problems).toEqual([]);
  });

  it("reads resource, range, split and env", () => {
    const { selection, problems } = parseSelection({ resource: "aks", range: "24h", split: "nodepool", env: "prod" }, NOW);
    expect(selection).toEqual({ resource: "aks", range: "24h", split: "nodepool", env: "prod" });
    expect(problems).toEqual([]);
  });

  it("names each bad value and falls back to its default, keeping the good ones", () => {
    const { selection, problems } = parseSelection({ resource: "cosmos", range: "2w", split: "zone", env: "Prod!" }, NOW);
    expect(selection).toEqual({ resource: "all", range: "1h", split: "none" });
    expect(problems).toEqual([
      'Resource "cosmos" is not one of all, aks, postgres, redis, storage — showing all.',
      'Range "2w" is not one of 1h, 6h, 24h, 7d, custom — showing 1h.',
      'Split "zone" is not one of none, nodepool, node — showing none.',
      'Environment "Prod!" is not an environment name — showing the default environment.',
    ]);
    expect(parseSelection({ resource: "redis", range: "bogus" }, NOW).selection.resource).toBe("redis");
  });

  it("takes the first of repeated values", () => {
    expect(parseSelection({ range: ["6h", "7d"] }, NOW).selection.range).toBe("6h");
  });

  it("takes the time inputs' own shape (YYYY-MM-DD HH:MM, 24-hour UTC) and refuses AM/PM", () => {
    expect(parseSelection({ range: "custom", from: "2026-11-20 13:00", to: "2026-11-22 00:00" }, NOW).selection.from?.toISOString()).toBe("2026-11-20T13:00:00.000Z");
    expect(parseSelection({ range: "custom", from: "11/20/2026 01:00 PM", to: "2026-11-22 00:00" }, NOW).selection.range).toBe("1h");
  });

  it("accepts a custom UTC range and picks its grain by span", () => {
    const { selection, problems } = parseSelection({ range: "custom", from: "2026-11-20T00:00", to: "2026-11-22T00:00" }, NOW);
    expect(problems).toEqual([]);
    expect(selection.from?.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    const w = selectionWindow(selection, NOW);
    expect(w.grain).toBe("PT1H");
    expect(w.timespan).toBe("2026-11-20T00:00:00.000Z/2026-11-22T00:00:00.000Z");
  });

  it("refuses a custom range that is reversed, too short, in the future, past retention or malformed", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ from: "2026-11-22T00:00", to: "2026-11-20T00:00" }, "From must be before To."],
      [{ from: "2026-11-22T00:00", to: "2026-11-22T00:02" }, "A custom range must be at least 5 minutes long."],
      [{ from: "2026-12-01T00:00", to: "2026-12-02T00:00" }, "From is in the future."],
      [{ from: "2026-01-01T00:00", to: "2026-01-02T00:00" }, "Azure Monitor keeps platform metrics for 93 days: From must be within them."],
      [{ from: "yesterday", to: "2026-11-22T00:00" }, 'From: "yesterday" is not a date and time (expected YYYY-MM-DD HH:MM, 24-hour, UTC).'],
      [{ to: "2026-11-22T00:00" }, "From: missing (expected YYYY-MM-DD HH:MM, 24-hour, UTC)."],
    ];
    for (const [params, problem] of cases) {
      const parsed = parseSelection({ range: "custom", ...params }, NOW);
      expect(parsed.problems).toContain(problem);
      expect(parsed.problems).toContain("The custom range was not applied — showing the last 1 h.");
      expect(parsed.selection.range).toBe("1h");
      expect(parsed.selection.from).toBeUndefined();
    }
  });

  it("ends a custom range that reaches into the future at the last complete minute", () => {
    const { selection } = parseSelection({ range: "custom", from: "2026-11-26T12:00", to: "2026-11-26T18:00" }, NOW);
    expect(selectionWindow(selection, NOW + 30_000).to.toISOString()).toBe("2026-11-26T14:30:00.000Z");
  });

  it("builds links that change one value and leave out defaults", () => {
    const { selection } = parseSelection({ resource: "aks", range: "6h", env: "prod" }, NOW);
    expect(monitoringHref(selection)).toBe("/monitoring?env=prod&resource=aks&range=6h");
    expect(monitoringHref(selection, { split: "nodepool" })).toBe("/monitoring?env=prod&resource=aks&range=6h&split=nodepool");
    expect(monitoringHref(selection, { range: "1h", resource: "all" })).toBe("/monitoring?env=prod");
    const custom = parseSelection({ range: "custom", from: "2026-11-20T00:00", to: "2026-11-22T00:00" }, NOW).selection;
    expect(monitoringHref(custom)).toBe("/monitoring?range=custom&from=2026-11-20T00%3A00&to=2026-11-22T00%3A00");
    // The round trip reads the same selection back.
    expect(parseSelection(Object.fromEntries(new URLSearchParams(monitoringHref(custom).split("?")[1])), NOW).selection).toEqual(custom);
  });
});
