import { describe, expect, it } from "vitest";
import { DATABASE_RULES } from "@/lib/openhands/db-health/rules";
import { blockingChains } from "./activity";
import { assembleReport, blockingItem, cacheItem, connectionsItem, formatBytes, formatSeconds, sizesItem, topQueriesItem } from "./report";
import { serverSnapshot, serverVerdict } from "./server";
import { enableSteps, missingStep } from "./statements";
import type { ConnectionsData, ServerSnapshot } from "./types";

const r = DATABASE_RULES;
const connections = (used: number, available = 97, idle: number | null = null): ConnectionsData => ({
  maxConnections: available + 3, reserved: 3, available, used, usedFraction: used / available, byState: [{ state: "active", count: used }], oldestIdleInTransactionSeconds: idle,
});

describe("report items", () => {
  it("says how many connections are in use and judges them", () => {
    const ok = connectionsItem(r, { ok: true, value: connections(10) });
    expect(ok).toMatchObject({ key: "connections", verdict: "ok" });
    expect(ok.summary).toMatch(/^10 of 97 connections in use \(10 %; max_connections 100, 3 reserved\)\.$/);
    expect(connectionsItem(r, { ok: true, value: connections(90) }).verdict).toBe("critical");
    expect(connectionsItem(r, { ok: true, value: connections(1, 97, 400) }).summary).toContain("oldest idle in transaction 7 min");
  });

  it("turns a failed probe into unknown with its reason", () => {
    const timedOut = connectionsItem(r, { ok: false, reason: "timeout", message: "timed out after 3 s" });
    expect(timedOut).toMatchObject({ verdict: "unknown", summary: "unknown: timed out after 3 s", data: null });
  });

  it("summarises blocking chains by root", () => {
    const backends = [
      { pid: 1, blockedBy: [] as number[], seconds: 30 },
      { pid: 2, blockedBy: [1], seconds: 20 },
      { pid: 3, blockedBy: [2], seconds: 12 },
    ].map((b) => ({ ...b, database: null, user: null, application: null, client: null, state: "active", waitEventType: "Lock", waitEvent: "transactionid", backendStart: "", queryStart: null, query: null }));
    const item = blockingItem(r, { ok: true, value: { chains: blockingChains(backends), backends, longestBlockedSeconds: 20 } });
    expect(item.data?.chains).toEqual([{ path: [1, 2] }, { path: [1, 2, 3] }]);
    expect(item).toMatchObject({ verdict: "warn", summary: "2 blocked sessions behind 1 blocking root; longest wait 20 s." });
    expect(blockingItem(r, { ok: true, value: { chains: [], backends: [], longestBlockedSeconds: null } }).verdict).toBe("ok");
  });

  it("ends a chain where a deadlock loops", () => {
    expect(blockingChains([{ pid: 5, blockedBy: [6] }, { pid: 6, blockedBy: [5] }])).toEqual([{ path: [5, 6] }, { path: [6, 5] }]);
  });

  it("does not judge the cache before there is traffic", () => {
    expect(cacheItem(r, { ok: true, value: { hits: 10, reads: 10, ratio: 0.5, databases: [] } }).summary).toMatch(/^Too little traffic/);
    expect(cacheItem(r, { ok: true, value: { hits: 990_000, reads: 10_000, ratio: 0.99, databases: [] } })).toMatchObject({ verdict: "warn", summary: "99.00 % of block reads served from shared buffers." });
  });

  it("judges sizes against provisioned storage only when ARM told it", () => {
    const gb = 2 ** 30;
    expect(sizesItem(r, { ok: true, value: { totalBytes: 29 * gb, storageBytes: 32 * gb, usedFraction: 29 / 32, databases: [] } }).verdict).toBe("critical");
    expect(sizesItem(r, { ok: true, value: { totalBytes: gb, storageBytes: null, usedFraction: null, databases: [] } }).verdict).toBe("unknown");
  });

  it("explains why top queries are missing, and that does not make the page unknown", () => {
    const top = topQueriesItem(r, { ok: true, value: { available: false, reason: "not_preloaded", why: "not loaded", howToEnable: [] } });
    expect(top).toMatchObject({ verdict: "unknown", optional: true });
    const report = assembleReport([connectionsItem(r, { ok: true, value: connections(10) }), top], { database: "openhands", checkedAt: new Date(0), tookMs: 5 });
    expect(report.verdict).toBe("ok");
    const worse = assembleReport([connectionsItem(r, { ok: true, value: connections(80) }), connectionsItem(r, { ok: false, reason: "error", message: "x" })], { database: "openhands", checkedAt: new Date(0), tookMs: 5 });
    expect(worse.verdict).toBe("warn");
    expect(assembleReport([connectionsItem(r, { ok: false, reason: "error", message: "x" })], { database: null, checkedAt: new Date(0), tookMs: 1 }).verdict).toBe("unknown");
  });

  it("formats durations and sizes for people", () => {
    expect([5, 89.6, 120, 7200].map(formatSeconds)).toEqual(["5 s", "90 s", "2 min", "2.0 h"]);
    expect([512, 2048, 5.5 * 2 ** 30].map(formatBytes)).toEqual(["512 B", "2.0 KB", "5.5 GB"]);
  });
});

describe("pg_stat_statements detection", () => {
  const setup = { available: true, allowList: null, preloaded: true, schema: "public", database: "openhands", readAllStats: true };
  it("names the first missing step", () => {
    expect(missingStep(setup)).toBeNull();
    expect(missingStep({ ...setup, available: false })?.reason).toBe("not_installed");
    expect(missingStep({ ...setup, allowList: "PG_TRGM,UUID-OSSP" })?.reason).toBe("not_allow_listed");
    expect(missingStep({ ...setup, allowList: "pg_trgm,PG_STAT_STATEMENTS" })).toBeNull();
    expect(missingStep({ ...setup, preloaded: false })?.reason).toBe("not_preloaded");
    expect(missingStep({ ...setup, schema: null })?.reason).toBe("not_created");
  });
  it("says how to enable it on Azure", () => {
    expect(enableSteps("not_preloaded", "openhands").join("\n")).toMatch(/azure\.extensions[\s\S]*shared_preload_libraries[\s\S]*CREATE EXTENSION pg_stat_statements/);
  });
});

describe("ARM server", () => {
  const base: ServerSnapshot = serverSnapshot({ location: "westeurope", name: "db-1", state: "Ready", highAvailability: { mode: "ZoneRedundant", state: "Healthy" }, backup: { backupRetentionDays: 7 } }, "db-1");
  it("is ok when Ready with a healthy standby, warns while the standby is built, critical when stopped", () => {
    expect(serverVerdict(base)).toBe("ok");
    expect(serverVerdict({ ...base, highAvailability: { ...base.highAvailability, state: "CreatingStandby" } })).toBe("warn");
    expect(serverVerdict({ ...base, state: "Stopped" })).toBe("critical");
    expect(serverVerdict({ ...base, highAvailability: { mode: "Disabled", state: "NotEnabled", standbyZone: null } })).toBe("ok");
  });
});
