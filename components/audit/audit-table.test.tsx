// @vitest-environment jsdom
import { render, cleanup, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { AuditTable, type AuditRowView } from "./audit-table";

afterEach(cleanup);

const row = (over: Partial<AuditRowView>): AuditRowView => ({
  id: "1",
  occurredAt: new Date("2026-11-26T10:04:05Z"),
  actorId: "oid-1",
  actorName: "Ada Admin",
  action: "environment.create",
  target: "environment/prod",
  changes: { nodeCount: { old: 3, new: 5 }, adminPassword: { new: "[redacted]" } },
  outcome: "success",
  requestId: "req-1",
  detail: null,
  ...over,
});

describe("AuditTable", () => {
  it("shows time (UTC), actor, action, target, outcome, compact changes and request id", () => {
    // Plain selectors: role queries over a table are slow in jsdom.
    const { container } = render(<AuditTable rows={[row({}), row({ id: "2", outcome: "denied", detail: "forbidden: Your role…", changes: null })]} />);
    expect([...container.querySelectorAll("thead th[scope=col]")].map((c) => c.textContent)).toEqual(["Time", "Actor", "Action", "Target", "Outcome", "Changes", "Request id"]);
    const [first, second] = [...container.querySelectorAll<HTMLElement>("tbody tr")];
    expect(first!.textContent).toContain("2026-11-26 10:04:05 UTC");
    expect(within(first!).getByText("nodeCount: 3 → 5")).toBeTruthy();
    expect(within(first!).getByText("adminPassword: [redacted]")).toBeTruthy();
    expect(within(second!).getByText("denied")).toBeTruthy();
    expect(within(second!).getByText(/forbidden/)).toBeTruthy();
  });

  it("shows a setup target by its environment's name, linked to the operation page, with the raw target beside", () => {
    const op = "a1b2c3d4-0000-4000-8000-000000000002";
    const names = new Map([[`operation/${op}`, { environment: "prod", kind: "setup" }]]);
    const { container } = render(<AuditTable rows={[row({ action: "setup.provision", target: `operation/${op}` })]} targetNames={names} />);
    const cell = container.querySelector(`td[data-target="operation/${op}"]`)!;
    const link = cell.querySelector("a")!;
    expect(link.textContent).toBe("setup operation of prod");
    expect(link.getAttribute("href")).toBe(`/operations/${op}`);
    expect(cell.textContent).toContain(`operation/${op}`);
  });
});
