import { describe, expect, it } from "vitest";
import { NAV_ITEMS, isCurrentSection } from "./nav-items";

describe("navigation", () => {
  it("lists the eleven console sections in order", () => {
    expect(NAV_ITEMS.map((i) => i.label)).toEqual([
      "Overview", "Setup", "Operations", "Monitoring", "Database", "Redis", "Sandboxes", "Upgrades", "Diagnostics", "Audit log", "Settings",
    ]);
  });

  it("highlights exactly one section for a path, including sub-pages", () => {
    const current = (path: string) => NAV_ITEMS.filter((i) => isCurrentSection(i.href, path)).map((i) => i.label);
    expect(current("/")).toEqual(["Overview"]);
    expect(current("/operations/123")).toEqual(["Operations"]);
    expect(current("/setupx")).toEqual([]);
    expect(current("/audit")).toEqual(["Audit log"]);
    expect(current("/redis")).toEqual(["Redis"]);
  });
});
