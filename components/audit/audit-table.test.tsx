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
});
