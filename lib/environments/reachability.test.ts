import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { classifyNetworkError, describeUnreachable, probeTcp } from "./reachability";

const listening = net.createServer((s) => s.end());
afterAll(() => new Promise<void>((r) => listening.close(() => r())));

describe("data-plane reachability", () => {
  it("classifies the network errors a driver reports", () => {
    expect(classifyNetworkError(Object.assign(new Error("getaddrinfo ENOTFOUND db.private.postgres.database.azure.com"), { code: "ENOTFOUND" })).failure).toBe("dns");
    expect(classifyNetworkError(Object.assign(new Error("connect ETIMEDOUT 10.0.2.4:6379"), { code: "ETIMEDOUT" })).failure).toBe("timeout");
    expect(classifyNetworkError(new Error("Connection terminated due to connection timeout")).failure).toBe("timeout");
    expect(classifyNetworkError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).failure).toBe("refused");
    expect(classifyNetworkError(new Error("WRONGPASS")).failure).toBe("other");
  });

  it("says plainly that a private host is not reachable from here, and what to do", () => {
    const text = describeUnreachable("Redis cache cache-openhands-prod-a1b2", "cache-openhands-prod-a1b2.redis.cache.windows.net", 6379, { failure: "dns", detail: "getaddrinfo ENOTFOUND x" });
    expect(text).toMatch(/^Redis cache cache-openhands-prod-a1b2 \(cache-openhands-prod-a1b2\.redis\.cache\.windows\.net:6379\) is not reachable from where the console runs: its host name does not resolve here/);
    expect(text).toMatch(/run the console inside it/);
  });

  it("probes a listening port as reachable and a closed one as refused, quickly", async () => {
    await new Promise<void>((r) => listening.listen(0, "127.0.0.1", () => r()));
    const port = (listening.address() as net.AddressInfo).port;
    expect(await probeTcp("127.0.0.1", port)).toMatchObject({ ok: true });
    const closed = await probeTcp("127.0.0.1", 1);
    expect(closed).toMatchObject({ ok: false, failure: "refused" });
  });

  it("gives up on a host that does not answer after the timeout, not the driver's", async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so the SYN goes unanswered (or the route is refused).
    const r = await probeTcp("192.0.2.10", 5432, 300);
    expect(r.ok).toBe(false);
    expect(r.ms).toBeLessThan(2_000);
  });
});
