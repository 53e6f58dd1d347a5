import { describe, expect, it } from "vitest";
import { keyPrefix, MAX_PREFIXES, NO_PREFIX, OTHER_PREFIXES, summariseKeys, ttlBucket } from "./keyspace-summary";

describe("keyPrefix", () => {
  it("takes the segment before the first ':' or '/'", () => {
    expect(keyPrefix("ohcnv:user-1:conv-1")).toBe("ohcnv");
    expect(keyPrefix("ohcnct:u:c:conn")).toBe("ohcnct");
    expect(keyPrefix("LIMITER/api/user")).toBe("LIMITER");
    expect(keyPrefix("plainkey")).toBe(NO_PREFIX);
    expect(keyPrefix(":leading")).toBe(NO_PREFIX);
  });
});

describe("ttlBucket", () => {
  it("buckets PTTL values", () => {
    expect([-1, 0, 59_999, 60_000, 3_599_999, 3_600_000, 86_400_000].map(ttlBucket)).toEqual(["none", "<1m", "<1m", "1m-1h", "1m-1h", "1h-1d", ">1d"]);
  });
});

describe("summariseKeys", () => {
  it("counts, TTL split, average size and estimates scaled to DBSIZE", () => {
    const keys = [
      { key: "ohcnv:u1:c1", ttlMs: 12_000, memoryBytes: 100 },
      { key: "ohcnv:u1:c2", ttlMs: -1, memoryBytes: 300 },
      { key: "ohcnv:u2:c3", ttlMs: 5_000 },
      { key: "other:x", ttlMs: 7_200_000 },
    ];
    const [ohcnv, other] = summariseKeys(keys, { scanned: 4, dbsize: 8 });
    expect(ohcnv).toMatchObject({ prefix: "ohcnv", sampled: 3, estimatedKeys: 6, withTtl: 2, withoutTtl: 1, memorySampled: 2, avgBytes: 200, estimatedBytes: 1200 });
    expect(ohcnv?.label).toMatch(/running conversations/);
    expect(ohcnv?.ttl).toEqual({ none: 1, "<1m": 2, "1m-1h": 0, "1h-1d": 0, ">1d": 0 });
    expect(other).toMatchObject({ prefix: "other", sampled: 1, avgBytes: null, estimatedBytes: null });
  });

  it("folds a long tail of prefixes but always keeps OpenHands' own", () => {
    const keys = [...Array.from({ length: MAX_PREFIXES + 10 }, (_, i) => ({ key: `p${i}:a`, ttlMs: -1 })), ...Array.from({ length: 2 }, (_, i) => ({ key: `p${i}:b`, ttlMs: -1 })), { key: "ohcnv:u:c", ttlMs: 1 }];
    const out = summariseKeys(keys, { scanned: keys.length, dbsize: keys.length });
    expect(out.map((p) => p.prefix)).toContain("ohcnv");
    expect(out.find((p) => p.prefix === OTHER_PREFIXES)?.sampled).toBeGreaterThan(0);
    expect(out.reduce((n, p) => n + p.sampled, 0)).toBe(keys.length);
  });
});
