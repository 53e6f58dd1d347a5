// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DATABASE_RULES } from "@/lib/openhands/db-health/rules";
import { assembleReport, blockingItem, connectionsItem, longQueriesItem, topQueriesItem } from "@/lib/openhands/db-health/report";
import type { Backend } from "@/lib/openhands/db-health/types";
import { DatabaseHealthView } from "./health-view";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));
afterEach(cleanup);

const backend = (pid: number, over: Partial<Backend> = {}): Backend => ({
  pid, database: "openhands", user: "openhands", application: "openhands-server", client: "10.0.0.4", state: "active", waitEventType: null, waitEvent: null,
  backendStart: "2026-11-26T10:00:00.123456Z", queryStart: "2026-11-26T10:01:00.000001Z", seconds: 75, query: "SELECT pg_sleep(600)", blockedBy: [], ...over,
});
const r = DATABASE_RULES;
const report = assembleReport(
  [
    connectionsItem(r, { ok: true, value: { maxConnections: 100, reserved: 3, available: 97, used: 12, usedFraction: 12 / 97, byState: [{ state: "idle", count: 10 }, { state: "active", count: 2 }], oldestIdleInTransactionSeconds: null } }),
    longQueriesItem(r, { ok: true, value: { listAfterSeconds: 5, longestActiveSeconds: 75, page: { rows: [backend(4242), backend(4343, { state: "idle in transaction", seconds: 30 })], total: 2, page: 1, pageSize: 20 } } }),
    blockingItem(r, { ok: true, value: { chains: [{ path: [4343, 4444] }], backends: [backend(4343, { state: "idle in transaction" }), backend(4444, { blockedBy: [4343], waitEventType: "Lock", waitEvent: "transactionid", seconds: 12 })], longestBlockedSeconds: 12 } }),
    topQueriesItem(r, { ok: true, value: { available: false, reason: "not_preloaded", why: "pg_stat_statements is not in shared_preload_libraries.", howToEnable: ["Server parameters → azure.extensions: add PG_STAT_STATEMENTS."] } }),
  ],
  { database: "openhands", checkedAt: new Date("2026-11-26T10:02:00Z"), tookMs: 42 },
);

function view(roles: { canCancel: boolean; canTerminate: boolean }, cancel = vi.fn(), terminate = vi.fn()) {
  return render(<DatabaseHealthView report={report} actions={{ env: "prod", ...roles, cancel, terminate }} longQueriesHref={(p) => `/database?qpage=${p}`} deadTuplesHref={(p) => `/database?tpage=${p}`} />);
}
const buttons = (el: Element) => [...el.querySelectorAll("button")].map((b) => b.textContent);

describe("DatabaseHealthView", () => {
  it("shows the overall verdict, each item's verdict and the blocking chain root → blocked", () => {
    const { container } = view({ canCancel: false, canTerminate: false });
    expect(container.querySelector('[aria-label="Database verdict"]')?.getAttribute("data-verdict")).toBe("warn");
    expect([...container.querySelectorAll("section[data-item]")].map((s) => `${s.getAttribute("data-item")}:${s.getAttribute("data-verdict")}`)).toEqual([
      "connections:ok", "long-queries:warn", "blocking:warn", "top-queries:unknown",
    ]);
    expect(container.querySelector("[data-chain]")?.textContent).toMatch(/^4343→4444/);
    expect(container.querySelector('[aria-label="How to enable pg_stat_statements"]')?.textContent).toContain("azure.extensions");
    // The headline names the worst check and why, not "3 of 4 checks need care".
    expect(container.querySelector('[data-testid="database-headline"]')?.textContent).toMatch(/^(Long-running queries|Blocking): .+ \(and 2 more\)$/);
  });

  it("gives a reader no cancel or terminate buttons", () => {
    const { container } = view({ canCancel: false, canTerminate: false });
    expect(buttons(container)).toEqual([]);
  });

  it("gives an operator Cancel on active sessions only, and no Terminate", () => {
    const { container } = view({ canCancel: true, canTerminate: false });
    const long = container.querySelector('[data-item="long-queries"]')!;
    expect(buttons(long.querySelector('tr[data-pid="4242"]')!)).toEqual(["Cancel query"]);
    expect(buttons(long.querySelector('tr[data-pid="4343"]')!)).toEqual([]);
  });

  it("confirms a cancel in a dialog naming pid, user and query start, then calls the action with pid and backend_start", async () => {
    const cancel = vi.fn(async () => ({ ok: true as const, data: { pid: 4242 } }));
    const { container } = view({ canCancel: true, canTerminate: true }, cancel);
    const row = container.querySelector('[data-item="long-queries"] tr[data-pid="4242"]')!;
    expect(buttons(row)).toEqual(["Cancel query", "Terminate"]);
    fireEvent.click([...row.querySelectorAll("button")].find((b) => b.textContent === "Cancel query")!);
    const dialog = container.querySelector('[role="dialog"]')!;
    expect(dialog.textContent).toContain("Cancel the running query of backend 4242?");
    expect(dialog.textContent).toContain("openhands");
    expect(dialog.textContent).toContain("2026-11-26T10:01:00.000001Z");
    expect(cancel).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click([...dialog.querySelectorAll("button")].find((b) => b.textContent === "Cancel query of 4242")!);
    });
    expect(cancel).toHaveBeenCalledWith({ env: "prod", pid: 4242, backendStart: "2026-11-26T10:00:00.123456Z" });
    expect(container.querySelector('[role="dialog"]')).toBeNull();
    expect(row.textContent).toContain("Cancelled the query of backend 4242.");
    expect(refresh).toHaveBeenCalled();
  });
});
