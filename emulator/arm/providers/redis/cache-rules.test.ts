import { describe, expect, it } from "vitest";
import { cacheNameProblem, firewallRuleNameProblem, instancesFor, premiumOnlyProblem, redisConfigurationProblem, redisVersionFor, scaleProblem, skuProblem } from "./cache-rules";

describe("cacheNameProblem", () => {
  it.each(["c", "cache-openhands-prod-7f3a", "Cache1", "a".repeat(63)])("accepts %s", (n) => expect(cacheNameProblem(n)).toBeNull());
  it.each(["", "-cache", "cache-", "ca--che", "ca_che", "a".repeat(64)])("rejects %j", (n) => expect(cacheNameProblem(n)?.code).toBe("InvalidCacheName"));
});

describe("skuProblem / scaleProblem", () => {
  it("ties family and capacity to the SKU name", () => {
    expect(skuProblem({ name: "Basic", family: "C", capacity: 0 })).toBeNull();
    expect(skuProblem({ name: "Premium", family: "P", capacity: 5 })).toBeNull();
    expect(skuProblem({ name: "Premium", family: "C", capacity: 1 })?.target).toBe("properties.sku.family");
    expect(skuProblem({ name: "Standard", family: "C", capacity: 7 })?.target).toBe("properties.sku.capacity");
    expect(skuProblem({ name: "Premium", family: "P", capacity: 0 })?.target).toBe("properties.sku.capacity");
  });
  it("scales up tiers, never down", () => {
    expect(scaleProblem({ name: "Basic", family: "C", capacity: 1 }, { name: "Standard", family: "C", capacity: 1 })).toBeNull();
    expect(scaleProblem({ name: "Standard", family: "C", capacity: 1 }, { name: "Standard", family: "C", capacity: 3 })).toBeNull();
    expect(scaleProblem({ name: "Premium", family: "P", capacity: 1 }, { name: "Standard", family: "C", capacity: 6 })?.code).toBe("InvalidScaleOperation");
  });
});

describe("premium-only features", () => {
  it("refuses shards and VNet injection below Premium", () => {
    expect(premiumOnlyProblem({ name: "Standard", family: "C", capacity: 1 }, { shardCount: 2 })?.code).toBe("FeatureRequiresPremium");
    expect(premiumOnlyProblem({ name: "Basic", family: "C", capacity: 1 }, { subnetId: "/x" })?.code).toBe("FeatureRequiresPremium");
    expect(premiumOnlyProblem({ name: "Standard", family: "C", capacity: 1 }, {})).toBeNull();
    expect(premiumOnlyProblem({ name: "Premium", family: "P", capacity: 1 }, { shardCount: 2, replicasPerPrimary: 2 })).toBeNull();
    expect(premiumOnlyProblem({ name: "Premium", family: "P", capacity: 1 }, { shardCount: 31 })?.code).toBe("InvalidShardCount");
  });
});

describe("redisConfigurationProblem", () => {
  const standard = { name: "Standard", family: "C", capacity: 1 } as const;
  it("accepts Azure's settable keys with valid values", () => {
    expect(redisConfigurationProblem({ "maxmemory-policy": "allkeys-lru", "maxmemory-reserved": "50" }, standard)).toBeNull();
  });
  it("rejects unknown keys, bad policies and persistence below Premium", () => {
    expect(redisConfigurationProblem({ maxclients: "10" }, standard)?.code).toBe("InvalidRedisConfiguration");
    expect(redisConfigurationProblem({ "maxmemory-policy": "random" }, standard)?.code).toBe("InvalidRedisConfiguration");
    expect(redisConfigurationProblem({ "rdb-backup-enabled": "true" }, standard)?.code).toBe("FeatureRequiresPremium");
  });
});

describe("instances and versions", () => {
  it("counts nodes per SKU", () => {
    expect(instancesFor({ name: "Basic", family: "C", capacity: 0 }, undefined, 1, undefined)).toHaveLength(1);
    expect(instancesFor({ name: "Standard", family: "C", capacity: 1 }, undefined, 1, undefined)).toHaveLength(2);
    const premium = instancesFor({ name: "Premium", family: "P", capacity: 1 }, 2, 2, ["1"]);
    expect(premium).toHaveLength(6);
    expect(premium.filter((i) => i.isPrimary).map((i) => i.shardId)).toEqual([0, 1]);
    expect(premium[5]).toMatchObject({ sslPort: 15005, nonSslPort: 13005, zone: "1" });
  });
  it("maps requested versions", () => {
    expect(redisVersionFor(undefined)).toMatch(/^6\./);
    expect(redisVersionFor("latest")).toMatch(/^6\./);
    expect(redisVersionFor("4")).toMatch(/^4\./);
    expect(redisVersionFor("7")).toBeNull();
  });
  it("checks firewall rule names", () => {
    expect(firewallRuleNameProblem("allow_app_subnet")).toBeNull();
    expect(firewallRuleNameProblem("allow-app")?.code).toBe("InvalidFirewallRuleName");
  });
});
