import { describe, expect, it } from "vitest";
import { parseUsageFilters, usageQuery } from "./usage-filters";

const NOW = Date.parse("2026-11-26T15:00:00Z");

describe("usage filters", () => {
  it("defaults to the last 7 whole UTC days, grouped by user", () => {
    const { filters, form, problems } = parseUsageFilters({}, NOW);
    expect(problems).toEqual([]);
    expect(filters.from.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(filters.to.toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(filters).toMatchObject({ group: "user", page: 1, user: undefined, model: undefined });
    expect(form).toMatchObject({ from: "2026-11-20", to: "2026-11-26" });
  });

  it("reads from, to (inclusive), user, model, group and page", () => {
    const { filters, problems } = parseUsageFilters({ from: "2026-11-01", to: "2026-11-02", user: "u-1", model: "litellm_proxy/gpt-5", group: "day", page: "3" }, NOW);
    expect(problems).toEqual([]);
    expect(filters).toMatchObject({ user: "u-1", model: "litellm_proxy/gpt-5", group: "day", page: 3 });
    expect(filters.to.toISOString()).toBe("2026-11-03T00:00:00.000Z");
  });

  it("names each bad value and falls back to a safe default", () => {
    const { filters, problems } = parseUsageFilters({ from: "2026-13-01", to: "yesterday", user: "x'; drop", group: "cost", page: "-1" }, NOW);
    expect(problems).toEqual([
      'To: "yesterday" is not a date (expected YYYY-MM-DD).',
      'From: "2026-13-01" is not a date (expected YYYY-MM-DD).',
      "User: letters, digits and . : / @ + - _ only.",
      'Group: "cost" is not one of user, model, day, conversation.',
      'Page: "-1" is not a page number.',
    ]);
    expect(filters).toMatchObject({ user: undefined, group: "user", page: 1 });
    expect(parseUsageFilters({ from: "2026-11-10", to: "2026-11-01" }, NOW).problems).toEqual(["From must not be after To; showing the last 7 days."]);
    expect(parseUsageFilters({ from: "2020-01-01", to: "2026-11-01" }, NOW).filters.from.toISOString()).toBe("2025-11-01T00:00:00.000Z");
  });

  it("builds the same view's links (and the export) from the form", () => {
    const { form } = parseUsageFilters({ from: "2026-11-01", to: "2026-11-02", model: "m" }, NOW);
    expect(usageQuery(form, { page: 2, env: "prod" })).toBe("env=prod&from=2026-11-01&to=2026-11-02&model=m&group=user&page=2");
    expect(usageQuery({ ...form, group: "" }, { group: "conversation" })).toBe("from=2026-11-01&to=2026-11-02&model=m&group=conversation");
  });
});
