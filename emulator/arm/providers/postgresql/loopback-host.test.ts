import { describe, expect, it } from "vitest";
import { ResourceStore } from "../../core/store";
import type { ArmEnvironment } from "../../core/types";
import { loopbackHost, releaseLoopbackHost } from "./loopback-host";

/** Only the store is used by the allocator; an in-memory store stands in for the persisted one. */
function envWithStore(): ArmEnvironment {
  return { store: new ResourceStore(undefined) } as unknown as ArmEnvironment;
}

describe("loopbackHost", () => {
  it("gives each resource its own address, stable per id (case-insensitive)", () => {
    const env = envWithStore();
    const a = loopbackHost(env, "k", "/subscriptions/s/resourceGroups/rg/providers/X/y/a", 10);
    const b = loopbackHost(env, "k", "/subscriptions/s/resourceGroups/rg/providers/X/y/b", 10);
    expect(a).toBe("127.0.10.1");
    expect(b).toBe("127.0.10.2");
    expect(loopbackHost(env, "k", "/SUBSCRIPTIONS/s/resourceGroups/RG/providers/X/y/A", 10)).toBe(a);
  });
  it("reuses a released address for the next resource", () => {
    const env = envWithStore();
    loopbackHost(env, "k", "/a", 20);
    loopbackHost(env, "k", "/b", 20);
    releaseLoopbackHost(env, "k", "/a");
    expect(loopbackHost(env, "k", "/c", 20)).toBe("127.0.20.1");
    expect(loopbackHost(env, "k", "/b", 20)).toBe("127.0.20.2");
  });
  it("keeps allocations of different keys apart", () => {
    const env = envWithStore();
    expect(loopbackHost(env, "pg", "/a", 10)).toBe("127.0.10.1");
    expect(loopbackHost(env, "redis", "/a", 20)).toBe("127.0.20.1");
  });
});
