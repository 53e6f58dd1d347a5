import { describe, expect, it } from "vitest";
import { CallLedger } from "./call-ledger";
import { TtlCache } from "./metrics-cache";

describe("the short metrics cache", () => {
  it("answers repeats within the TTL from the cache, shares in-flight calls, asks again after the TTL", async () => {
    let now = 1_000;
    const cache = new TtlCache(45_000, () => now);
    const ledger = new CallLedger();
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", "q", ledger, load), cache.get("k", "q", ledger, load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    now += 44_000;
    expect(await cache.get("k", "q", ledger, load)).toBe(1);
    expect(ledger.summary()).toBe("1 Azure Monitor call, 2 cached");
    now += 2_000;
    expect(await cache.get("k", "q", ledger, load)).toBe(2);
    expect(ledger.armCalls).toBe(2);
  });

  it("does not keep failures", async () => {
    const cache = new TtlCache(45_000, () => 0);
    const ledger = new CallLedger();
    await expect(cache.get("k", "q", ledger, () => Promise.reject(new Error("429")))).rejects.toThrow("429");
    expect(await cache.get("k", "q", ledger, async () => "ok")).toBe("ok");
    expect(ledger.summary()).toBe("2 Azure Monitor calls, 0 cached");
  });
});
