import { describe, expect, it } from "vitest";
import { administratorLoginProblem, highAvailabilityProblem, passwordProblem, serverNameProblem, skuProblem, standbyZoneFor, storageProblem, skuVCores } from "./server-rules";

describe("serverNameProblem", () => {
  it.each(["abc", "db-openhands-prod-7f3a", "a".repeat(63), "0db"])("accepts %s", (name) => {
    expect(serverNameProblem(name)).toBeNull();
  });
  it.each(["ab", "a".repeat(64), "-db", "db-", "Db", "db_1", "db.1", ""])("rejects %j with InvalidServerName", (name) => {
    expect(serverNameProblem(name)?.code).toBe("InvalidServerName");
  });
});

describe("passwordProblem", () => {
  it.each(["Passw0rd", "pass word1!", "PASSWORD1!", "Sup3r-Secret-Value"])("accepts %s (3 of 4 categories)", (pw) => {
    expect(passwordProblem(pw, "ohadmin")).toBeNull();
  });
  it.each([
    ["Pa1!", "too short"],
    ["qwertyuiop", "one category"],
    ["qwerty1234", "two categories"],
    ["P" + "a1".repeat(64), "129 characters"],
    ["Ohadmin-123", "contains the login"],
  ])("rejects %s (%s) as PasswordNotComplex", (pw) => {
    const problem = passwordProblem(pw, "ohadmin");
    expect(problem?.code).toBe("PasswordNotComplex");
    expect(problem?.message).not.toContain(pw);
  });
});

describe("administratorLoginProblem", () => {
  it("accepts ordinary logins", () => expect(administratorLoginProblem("ohadmin")).toBeNull());
  it.each(["admin", "Administrator", "azure_superuser", "pg_admin", "1admin", "root", "has space"])("rejects %s", (login) => {
    expect(administratorLoginProblem(login)?.code).toBe("InvalidAdministratorLogin");
  });
});

describe("skuProblem", () => {
  it("accepts a SKU of its tier, case-insensitively", () => {
    expect(skuProblem("GeneralPurpose", "Standard_D4ds_v5")).toBeNull();
    expect(skuProblem("Burstable", "standard_b1ms")).toBeNull();
  });
  it("rejects an unknown tier and a SKU of another tier", () => {
    expect(skuProblem("Premium", "Standard_D4ds_v5")?.code).toBe("InvalidSkuTier");
    expect(skuProblem("Burstable", "Standard_D4ds_v5")?.code).toBe("InvalidSkuName");
  });
  it("reads vCores from the name", () => expect(skuVCores("Standard_D16ds_v5")).toBe(16));
});

describe("storageProblem", () => {
  it("accepts offered sizes and tiers at or above the size's minimum", () => {
    expect(storageProblem(128, "P10")).toBeNull();
    expect(storageProblem(128, "P30")).toBeNull();
  });
  it("rejects odd sizes, shrinking and too-low tiers", () => {
    expect(storageProblem(100, undefined)?.code).toBe("InvalidStorageSize");
    expect(storageProblem(128, undefined, 256)?.code).toBe("StorageSizeDecreaseNotSupported");
    expect(storageProblem(512, "P10")?.code).toBe("InvalidStorageTier");
  });
});

describe("high availability", () => {
  it("is not offered for Burstable", () => {
    expect(highAvailabilityProblem({ mode: "ZoneRedundant", tier: "Burstable", zone: "1", standbyZone: undefined })?.code).toBe("HighAvailabilityNotSupportedForBurstable");
    expect(highAvailabilityProblem({ mode: "Disabled", tier: "Burstable", zone: "1", standbyZone: undefined })).toBeNull();
  });
  it("needs another zone for ZoneRedundant and the same zone for SameZone", () => {
    expect(highAvailabilityProblem({ mode: "ZoneRedundant", tier: "GeneralPurpose", zone: "1", standbyZone: "1" })?.code).toBe("InvalidStandbyAvailabilityZone");
    expect(highAvailabilityProblem({ mode: "SameZone", tier: "GeneralPurpose", zone: "1", standbyZone: "2" })?.code).toBe("InvalidStandbyAvailabilityZone");
    expect(highAvailabilityProblem({ mode: "ZoneRedundant", tier: "GeneralPurpose", zone: "1", standbyZone: "3" })).toBeNull();
  });
  it("picks a standby zone like Azure", () => {
    expect(standbyZoneFor("ZoneRedundant", "1", undefined, ["1", "2", "3"])).toBe("2");
    expect(standbyZoneFor("SameZone", "2", undefined, ["1", "2", "3"])).toBe("2");
    expect(standbyZoneFor("Disabled", "1", undefined, ["1", "2"])).toBeUndefined();
  });
});
