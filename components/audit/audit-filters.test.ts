import { describe, expect, it } from "vitest";
import { auditPageHref, describeChanges, formatUtc, parseAuditFilters } from "./audit-filters";

describe("parseAuditFilters", () => {
  it("reads actor, action, UTC times and page from the URL", () => {
    const { filters, problems } = parseAuditFilters({ actor: " Ada ", action: "environment.create", from: "2026-11-26T10:00", to: "2026-11-26T12:30", page: "3" });
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      actor: "Ada",
      action: "environment.create",
      from: new Date("2026-11-26T10:00:00Z"),
      to: new Date("2026-11-26T12:31:00Z"), // the whole 12:30 minute is included (store bound is exclusive)
      page: 3,
    });
  });

  it("includes the given second when To has seconds", () => {
    expect(parseAuditFilters({ to: "2026-11-26T12:30:15" }).filters.to).toEqual(new Date("2026-11-26T12:30:16Z"));
  });

  it("defaults to page 1 with no filters", () => {
    expect(parseAuditFilters({})).toEqual({ filters: { page: 1 }, form: { actor: "", action: "", from: "", to: "" }, problems: [] });
  });

  it("explains bad values instead of guessing, and drops them", () => {
    const { filters, problems } = parseAuditFilters({ from: "yesterday", page: "-2" });
    expect(filters.from).toBeUndefined();
    expect(filters.page).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^From: "yesterday" is not a date/), expect.stringMatching(/^Page: "-2"/)]);
  });

  it("refuses a time range that ends before it starts", () => {
    const { filters, problems } = parseAuditFilters({ from: "2026-11-27T00:00", to: "2026-11-26T00:00" });
    expect(problems).toEqual(["From must be before To."]);
    expect(filters.from).toBeUndefined();
  });
});

describe("audit helpers", () => {
  it("keeps filters in paging links", () => {
    expect(auditPageHref({ actor: "Ada", action: "", from: "", to: "" }, 2)).toBe("/audit?actor=Ada&page=2");
    expect(auditPageHref({ actor: "", action: "", from: "", to: "" }, 1)).toBe("/audit");
  });

  it("formats times in UTC and change sets compactly", () => {
    expect(formatUtc(new Date("2026-11-26T10:04:05.123Z"))).toBe("2026-11-26 10:04:05 UTC");
    expect(describeChanges({ nodeCount: { old: 3, new: 5 }, region: { new: "westeurope" }, tag: { old: "a" } })).toEqual([
      "nodeCount: 3 → 5",
      "region: westeurope",
      "tag: a → (removed)",
    ]);
    expect(describeChanges(null)).toEqual([]);
  });
});
