// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { RedisHealthReport } from "@/lib/openhands/redis-health";
import { REDACTED } from "@/lib/openhands/redis-health/slowlog";
import { RedisHealthView, RedisUnreachable } from "./redis-health-view";

afterEach(cleanup);

const report = (o: Partial<RedisHealthReport> = {}): RedisHealthReport => ({
  verdict: "warn",
  checkedAt: "2026-11-26T14:30:05.000Z",
  items: [
    { key: "memory", title: "Memory", verdict: "warn", summary: "850 MiB of 1000 MiB (85.0 %) against maxmemory" },
    { key: "evictions", title: "Evictions", verdict: "ok", summary: "0 keys evicted in the last 15 s" },
    { key: "slowlog", title: "Slow log", verdict: "ok", summary: "no slow commands in the last hour (1 entries in the log)" },
    { key: "keyspace", title: "Keyspace (sample)", verdict: "ok", summary: "30 of 60 keys scanned" },
    { key: "version", title: "Version", verdict: "ok", summary: "Redis 7.0.15 (standalone)" },
  ],
  server: { version: "7.0.15", role: "master", uptimeSeconds: 7200, usedMemory: 850 * 1024 ** 2, maxmemory: 1000 * 1024 ** 2, policy: "volatile-lru" },
  windowMs: 15_000,
  keyspaceByDb: [{ db: 0, keys: 60, expires: 50, avgTtlMs: 9000 }],
  slowlog: { ok: true, value: { length: 1, entries: [{ id: 3, at: Date.parse("2026-11-26T13:00:00Z"), durationMicros: 12_500, command: "SET", keys: ["ohcnv:u:c"], redacted: `SET ohcnv:u:c ${REDACTED}`, client: "10.0.0.4:5000", clientName: "", own: false }] } },
  keyspace: {
    ok: true,
    value: {
      dbsize: 60, scanned: 30, stoppedBy: "max-keys", scanCalls: 1, elapsedMs: 4, lookups: { hits: 30, misses: 0 },
      prefixes: [{ prefix: "ohcnv", label: "OpenHands: running conversations", sampled: 30, estimatedKeys: 60, withTtl: 30, withoutTtl: 0, ttl: { none: 0, "<1m": 30, "1m-1h": 0, "1h-1d": 0, ">1d": 0 }, memorySampled: 5, avgBytes: 120, estimatedBytes: 7200 }],
    },
  },
  ...o,
});

const connection = { cacheName: "cache-openhands-prod-ab12c", host: "cache.redis.cache.windows.net", port: 6379, tls: false, sku: "Standard C1" };

describe("RedisHealthView", () => {
  it("shows the overall verdict and one section per concern, each with its verdict", () => {
    const { container } = render(<RedisHealthView report={report()} connection={connection} />);
    expect(container.querySelector("[aria-label=Summary] [data-verdict]")?.getAttribute("data-verdict")).toBe("warn");
    const sections = [...container.querySelectorAll("section[data-section-verdict]")].map((s) => [s.getAttribute("aria-label"), s.getAttribute("data-section-verdict")]);
    expect(sections).toEqual([["Server checks", "warn"], ["Slow log", "ok"], ["Keyspace by prefix", "ok"]]);
    expect(container.textContent).toContain("Standard C1");
    expect(container.textContent).toContain("non-TLS, as OpenHands connects");
  });

  it("says the keyspace is a sample with estimates, and shows redacted slowlog lines", () => {
    const { container } = render(<RedisHealthView report={report()} connection={connection} />);
    expect(container.querySelector("[data-testid=keyspace-sample-note]")?.textContent).toMatch(/A sample: 30 of 60 keys scanned with SCAN .*estimates/);
    expect(container.querySelector("tr[data-prefix=ohcnv]")?.textContent).toContain("OpenHands: running conversations");
    expect(container.textContent).toContain(`SET ohcnv:u:c ${REDACTED}`);
    expect(container.textContent).toContain("2026-11-26 13:00:00");
  });

  it("keeps the other sections when one part could not be read", () => {
    const { container } = render(<RedisHealthView report={report({ slowlog: { ok: false, reason: "timed out (SLOWLOG GET, 2000 ms)" } })} connection={connection} />);
    expect(container.textContent).toContain("The slow log could not be read: timed out (SLOWLOG GET, 2000 ms)");
    expect(container.querySelector("tr[data-prefix=ohcnv]")).not.toBeNull();
  });

  it("an unreachable cache says unknown and why", () => {
    const { container } = render(<RedisUnreachable cacheName="cache-x" reason="connect ECONNREFUSED 10.0.0.5:6379" />);
    expect(container.querySelector("[data-verdict]")?.getAttribute("data-verdict")).toBe("unknown");
    expect(container.textContent).toContain("Cache cache-x could not be reached");
  });
});
