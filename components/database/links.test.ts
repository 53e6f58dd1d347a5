import { describe, expect, it } from "vitest";
import { databaseHref, parseDatabasePageState } from "./links";

describe("database page links", () => {
  it("parses env and pages, ignoring junk", () => {
    expect(parseDatabasePageState({ env: "prod", qpage: "2", tpage: "x" })).toEqual({ env: "prod", qpage: 2, tpage: 1 });
    expect(parseDatabasePageState({ env: "../etc", qpage: "-1", tpage: "1.5" })).toEqual({ env: undefined, qpage: 1, tpage: 1 });
  });
  it("builds hrefs that keep the other list's page", () => {
    const s = { env: "prod", qpage: 1, tpage: 3 };
    expect(databaseHref(s, { qpage: 2 })).toBe("/database?env=prod&qpage=2&tpage=3");
    expect(databaseHref({ qpage: 1, tpage: 1 })).toBe("/database");
  });
});
