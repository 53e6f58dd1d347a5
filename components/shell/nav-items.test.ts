import { describe, expect, it } from "vitest";
import { NAV_ITEMS, isCurrentSection, sectionHref, switchEnvironmentHref } from "./nav-items";

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

describe("the environment across sections", () => {
  const item = (href: string) => NAV_ITEMS.find((i) => i.href === href)!;

  it("per-environment sections keep ?env=, console-wide ones drop it", () => {
    expect(sectionHref(item("/monitoring"), "staging")).toBe("/monitoring?env=staging");
    expect(sectionHref(item("/"), "prod west")).toBe("/?env=prod%20west");
    expect(sectionHref(item("/audit"), "staging")).toBe("/audit");
    expect(sectionHref(item("/setup"), "staging")).toBe("/setup");
    expect(sectionHref(item("/monitoring"), null)).toBe("/monitoring");
  });

  it("switching stays on a per-environment section and goes to the overview from a console-wide one", () => {
    expect(switchEnvironmentHref("/database", "staging")).toBe("/database?env=staging");
    expect(switchEnvironmentHref("/", "staging")).toBe("/?env=staging");
    expect(switchEnvironmentHref("/operations/42", "staging")).toBe("/?env=staging");
    expect(switchEnvironmentHref("/audit", "a&b")).toBe("/?env=a%26b");
  });
});
