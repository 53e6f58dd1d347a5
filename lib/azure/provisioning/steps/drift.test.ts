import { describe, expect, it } from "vitest";
import { differences } from "./drift";

describe("differences", () => {
  it("ignores fields Azure adds and compares regions like ARM", () => {
    expect(differences({ location: "eastus", sku: { name: "Standard_D2s_v3" } }, { location: "East US", sku: { name: "Standard_D2s_v3", tier: "x" }, id: "/x" })).toEqual([]);
  });

  it("names the field that differs", () => {
    expect(differences({ sku: { capacity: 1 } }, { sku: { capacity: 2 } })).toEqual(["sku.capacity"]);
  });

  it("matches named items by name and reports missing ones", () => {
    const want = { agentPoolProfiles: [{ name: "system", count: 1 }, { name: "sandbox", maxCount: 5 }] };
    expect(differences(want, { agentPoolProfiles: [{ name: "sandbox", maxCount: 5 }, { name: "system", count: 1 }] })).toEqual([]);
    expect(differences(want, { agentPoolProfiles: [{ name: "system", count: 1 }, { name: "sandbox", maxCount: 3 }] })).toEqual(["agentPoolProfiles[sandbox].maxCount"]);
    expect(differences(want, { agentPoolProfiles: [{ name: "system", count: 1 }] })).toEqual(["agentPoolProfiles[sandbox]"]);
  });

  it("compares plain arrays as sets and ids case-insensitively", () => {
    expect(differences({ addressPrefixes: ["10.0.0.0/16", "10.1.0.0/16"] }, { addressPrefixes: ["10.1.0.0/16", "10.0.0.0/16"] })).toEqual([]);
    expect(differences({ addressPrefixes: ["10.0.0.0/16"] }, { addressPrefixes: ["10.2.0.0/16"] })).toEqual(["addressPrefixes"]);
    expect(differences({ subnet: { id: "/subscriptions/A/resourceGroups/RG" } }, { subnet: { id: "/subscriptions/a/resourcegroups/rg" } })).toEqual([]);
  });

  it("a minor version matches its patch releases", () => {
    expect(differences({ kubernetesVersion: "1.33" }, { kubernetesVersion: "1.33.5" })).toEqual([]);
    expect(differences({ kubernetesVersion: "1.33" }, { kubernetesVersion: "1.34.2" })).toEqual(["kubernetesVersion"]);
  });

  it("never compares write-only secrets", () => {
    expect(differences({ administratorLoginPassword: "x", version: "16" }, { version: "16" })).toEqual([]);
  });

  it("reports a field the resource lacks", () => {
    expect(differences({ enableNonSslPort: true }, {})).toEqual(["enableNonSslPort"]);
  });
});

describe("resumableState", () => {
  it("drops the result (a create response may hold keys) and finished pollers", async () => {
    const { resumableState } = await import("./lro");
    const running = JSON.stringify({ state: { status: "running", config: { operationLocation: "https://x" }, result: { accessKeys: { primaryKey: "k" } } } });
    expect(resumableState(running)).toBe(JSON.stringify({ state: { status: "running", config: { operationLocation: "https://x" } } }));
    expect(resumableState(JSON.stringify({ state: { status: "succeeded", result: {} } }))).toBeUndefined();
    expect(resumableState("not json")).toBeUndefined();
  });
});
