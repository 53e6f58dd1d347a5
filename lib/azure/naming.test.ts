import { describe, expect, it } from "vitest";
import { defaultNames, NAME_RULES, nameProblems, resolveNames, uniqueSuffix, type ResourceNameKey } from "./naming";

const SUB = "8f1c2a7e-3b4d-4e5f-9a0b-1c2d3e4f5a6b";

describe("uniqueSuffix", () => {
  it("is deterministic, 5 chars of [a-z0-9], and differs per subscription and environment", () => {
    const a = uniqueSuffix(SUB, "prod");
    expect(a).toMatch(/^[a-z0-9]{5}$/);
    expect(uniqueSuffix(SUB, "prod")).toBe(a);
    expect(uniqueSuffix(SUB.toUpperCase(), "prod")).toBe(a);
    expect(uniqueSuffix(SUB, "staging")).not.toBe(a);
    expect(uniqueSuffix("00000000-0000-0000-0000-000000000001", "prod")).not.toBe(a);
  });
  it("spreads: 2,000 environments give (almost) no collisions", () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => uniqueSuffix(SUB, `env${i}`)));
    expect(seen.size).toBeGreaterThan(1995);
  });
});

describe("defaultNames", () => {
  it("follows DESIGN.md §2 and every default is legal, also for the longest environment name", () => {
    for (const env of ["prod", "staging", "abcdefgh"]) {
      const n = defaultNames(env, SUB);
      const s = uniqueSuffix(SUB, env);
      expect(n).toMatchObject({
        resourceGroup: `rg-openhands-${env}`,
        virtualNetwork: `vnet-openhands-${env}`,
        appSubnet: "snet-openhands-app",
        dbSubnet: "snet-openhands-db",
        appNsg: "nsg-openhands-app",
        dbNsg: "nsg-openhands-db",
        aksCluster: `aks-openhands-${env}`,
        postgresServer: `db-openhands-${env}-${s}`,
        redisCache: `cache-openhands-${env}-${s}`,
        storageAccount: `stopenhands${env}${s}`,
        actionGroup: `ag-openhands-${env}`,
      });
      expect(nameProblems(n)).toEqual([]);
      expect(n.storageAccount.length).toBeLessThanOrEqual(24);
    }
  });
});

describe("NAME_RULES", () => {
  const cases: [ResourceNameKey, string, boolean][] = [
    ["storageAccount", "stopenhandsprod12345", true],
    ["storageAccount", "stg-openhands-blob", false], // the guide's name: hyphens are illegal
    ["storageAccount", "StOpenhands", false],
    ["storageAccount", "ab", false],
    ["storageAccount", "a".repeat(25), false],
    ["postgresServer", "db-openhands-prod-ab12c", true],
    ["postgresServer", "DB-openhands", false],
    ["postgresServer", "db-", false],
    ["postgresServer", "ab", false],
    ["redisCache", "cache-openhands-prod-x1", true],
    ["redisCache", "cache--double", false],
    ["redisCache", "-cache", false],
    ["resourceGroup", "rg-openhands-prod", true],
    ["resourceGroup", "rg(prod).1", true],
    ["resourceGroup", "ends-with-period.", false],
    ["resourceGroup", "has space", false],
    ["aksCluster", "aks-openhands-prod", true],
    ["aksCluster", "aks.openhands", false],
    ["aksCluster", "a".repeat(64), false],
    ["virtualNetwork", "vnet_ok.1", true],
    ["virtualNetwork", "vnet-", false],
    ["appSubnet", "snet-openhands-app", true],
    ["actionGroup", "ag-openhands-prod", true],
    ["actionGroup", "ag/openhands", false],
  ];
  it.each(cases)("%s %j legal=%s", (key, name, legal) => {
    expect(NAME_RULES[key].pattern.test(name)).toBe(legal);
  });
});

describe("resolveNames / nameProblems", () => {
  it("applies non-blank overrides and keeps defaults otherwise", () => {
    const n = resolveNames("prod", SUB, { aksCluster: "aks-main", storageAccount: "  " });
    expect(n.aksCluster).toBe("aks-main");
    expect(n.storageAccount).toBe(defaultNames("prod", SUB).storageAccount);
  });
  it("reports the broken rule in words", () => {
    const n = resolveNames("prod", SUB, { storageAccount: "stg-openhands-blob" });
    expect(nameProblems(n)).toEqual([
      { key: "storageAccount", name: "stg-openhands-blob", message: `"stg-openhands-blob" is not a legal storage account name: ${NAME_RULES.storageAccount.rule}` },
    ]);
    expect(NAME_RULES.storageAccount.rule).toContain("lowercase letters and digits only");
  });
  it("refuses two subnets with one name", () => {
    const n = resolveNames("prod", SUB, { dbSubnet: "snet-openhands-app" });
    expect(nameProblems(n).map((p) => p.key)).toEqual(["dbSubnet"]);
  });
});
