import { describe, expect, it } from "vitest";
import {
  cacheVerdict, connectionsVerdict, databaseRules, DATABASE_RULES, deadTuplesVerdict, HA_STATE_VERDICT, SERVER_STATE_VERDICT, TRANSACTION_ID_SPACE, wraparoundVerdict,
} from "./rules";
import { judge } from "../verdict";

const r = DATABASE_RULES;

describe("database rules", () => {
  it("judges connection use at 75 % (warn) and 90 % (critical)", () => {
    expect([0.7499, 0.75, 0.8999, 0.9, 1].map((f) => connectionsVerdict(r, f, null))).toEqual(["ok", "warn", "warn", "critical", "critical"]);
    expect(connectionsVerdict(r, null, null)).toBe("unknown");
  });

  it("judges the oldest idle-in-transaction session at 60 s and 300 s, even with few connections", () => {
    expect([59, 60, 299, 300].map((s) => connectionsVerdict(r, 0.1, s))).toEqual(["ok", "warn", "warn", "critical"]);
  });

  it("judges long statements at 60 s and 300 s and lock waits at 10 s and 60 s", () => {
    expect([59.9, 60, 299.9, 300].map((s) => judge(s, r.longQuerySeconds))).toEqual(["ok", "warn", "warn", "critical"]);
    expect([9.9, 10, 59.9, 60].map((s) => judge(s, r.blockedSeconds))).toEqual(["ok", "warn", "warn", "critical"]);
  });

  it("judges the cache hit ratio below 99 % and 95 %, but not before there is traffic", () => {
    const at = (ratio: number) => cacheVerdict(r, ratio * 1e6, (1 - ratio) * 1e6);
    expect([0.995, 0.99, 0.96, 0.95, 0.5].map(at)).toEqual(["ok", "warn", "warn", "critical", "critical"]);
    expect(cacheVerdict(r, 0, r.cacheMinBlocks - 1)).toBe("ok");
    expect(cacheVerdict(r, 0, r.cacheMinBlocks)).toBe("critical");
  });

  it("judges wraparound at half and three quarters of 2^31, and a freeze backlog past 1.5× autovacuum_freeze_max_age", () => {
    const freeze = 200_000_000;
    expect(wraparoundVerdict(r, 1_000_000, freeze)).toBe("ok");
    expect(wraparoundVerdict(r, 1.5 * freeze - 1, freeze)).toBe("ok");
    expect(wraparoundVerdict(r, 1.5 * freeze, freeze)).toBe("warn");
    expect(wraparoundVerdict(r, 0.5 * TRANSACTION_ID_SPACE - 1, 2 * TRANSACTION_ID_SPACE)).toBe("ok");
    expect(wraparoundVerdict(r, 0.5 * TRANSACTION_ID_SPACE, 2 * TRANSACTION_ID_SPACE)).toBe("warn");
    expect(wraparoundVerdict(r, 0.75 * TRANSACTION_ID_SPACE, freeze)).toBe("critical");
  });

  it("judges dead tuples by ratio (20 %, 50 %) and autovacuum lag (2×, 10×), ignoring small tables", () => {
    const row = (deadRatio: number, autovacuumLag: number | null, deadTuples = 5_000) => deadTuplesVerdict(r, { deadTuples, deadRatio, autovacuumLag });
    expect([0.19, 0.2, 0.49, 0.5].map((x) => row(x, 0))).toEqual(["ok", "warn", "warn", "critical"]);
    expect([1.99, 2, 9.99, 10].map((x) => row(0, x))).toEqual(["ok", "warn", "warn", "critical"]);
    expect(row(0.9, 50, r.minDeadTuples - 1)).toBe("ok");
    expect(row(0.9, null, r.minDeadTuples)).toBe("critical");
  });

  it("judges storage at 80 % and 90 % (Azure turns the server read-only at 95 %) and top queries at 1 s and 10 s mean", () => {
    expect([0.79, 0.8, 0.89, 0.9].map((f) => judge(f, r.storageUsed))).toEqual(["ok", "warn", "warn", "critical"]);
    expect([999, 1_000, 9_999, 10_000].map((ms) => judge(ms, r.topQueryMeanMs))).toEqual(["ok", "warn", "warn", "critical"]);
  });

  it("maps ARM server and HA states", () => {
    expect(SERVER_STATE_VERDICT.Ready).toBe("ok");
    expect(SERVER_STATE_VERDICT.Updating).toBe("warn");
    expect(SERVER_STATE_VERDICT.Stopped).toBe("critical");
    expect(HA_STATE_VERDICT.Healthy).toBe("ok");
    expect(HA_STATE_VERDICT.ReplicatingData).toBe("warn");
    expect(HA_STATE_VERDICT.FailingOver).toBe("critical");
  });

  it("takes overrides over the defaults", () => {
    const o = databaseRules({ connectionsUsed: { warn: 0.1, critical: 0.2, worse: "above" } });
    expect(o.connectionsUsed.warn).toBe(0.1);
    expect(o.longQuerySeconds).toEqual(DATABASE_RULES.longQuerySeconds);
  });
});
