import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ArmError } from "./errors";
import { FaultInjector, faultError } from "./faults";
import { compileTemplate, isDescendant, matchTemplate, normalizePath, parseResourceId, splitSegments } from "./paths";
import { roleAllows } from "./rbac";
import { DEFAULT_TIME_SCALE, realisticSeconds, scaledDurationMs } from "./durations";

describe("paths", () => {
  it("collapses // and trailing slashes", () => {
    expect(normalizePath("//subscriptions//abc/")).toBe("/subscriptions/abc");
    expect(normalizePath("/")).toBe("/");
  });

  it("matches templates case-insensitively and keeps the caller's spelling of parameters", () => {
    const t = compileTemplate("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}");
    expect(matchTemplate(t, splitSegments("/SUBSCRIPTIONS/s1/resourcegroups/My-RG"))).toEqual({ subscriptionId: "s1", resourceGroupName: "My-RG" });
    expect(matchTemplate(t, splitSegments("/subscriptions/s1/providers/x"))).toBeNull();
    expect(matchTemplate(t, splitSegments("/subscriptions/s1/resourceGroups/rg/extra"))).toBeNull();
  });

  it("parses resource ids into group, namespace, full type and name", () => {
    expect(parseResourceId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/agentPools/sys")).toEqual({
      subscriptionId: "s",
      resourceGroup: "rg",
      namespace: "Microsoft.ContainerService",
      type: "Microsoft.ContainerService/managedClusters/agentPools",
      name: "sys",
    });
    expect(isDescendant("/subscriptions/s/resourceGroups/RG/providers/x/y/z", "/subscriptions/s/resourcegroups/rg")).toBe(true);
    expect(isDescendant("/subscriptions/s/resourceGroups/rg2", "/subscriptions/s/resourceGroups/rg")).toBe(false);
  });
});

describe("RBAC", () => {
  it("gives Owner everything, Contributor everything but authorization writes, Reader reads", () => {
    expect(roleAllows("Owner", "Microsoft.Authorization/roleAssignments/write")).toBe(true);
    expect(roleAllows("Contributor", "Microsoft.ContainerService/managedClusters/write")).toBe(true);
    expect(roleAllows("Contributor", "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(roleAllows("Contributor", "Microsoft.ContainerService/register/action")).toBe(true);
    expect(roleAllows("Reader", "Microsoft.Resources/subscriptions/resourceGroups/read")).toBe(true);
    expect(roleAllows("Reader", "Microsoft.Resources/subscriptions/resourceGroups/write")).toBe(false);
    expect(roleAllows("Reader", "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action")).toBe(false);
    expect(roleAllows(null, "Microsoft.Resources/subscriptions/resourceGroups/read")).toBe(false);
  });
});

describe("faults", () => {
  it("affects exactly the next N matching calls", () => {
    const faults = new FaultInjector();
    faults.add({ match: { method: "PUT", path: "/managedClusters/" }, count: 2, action: { type: "error", code: "QuotaExceeded" } });
    expect(faults.take("GET", "/x/managedClusters/a")).toBeUndefined();
    expect(faults.take("PUT", "/x/MANAGEDCLUSTERS/a")?.type).toBe("error");
    expect(faults.take("PUT", "/x/managedClusters/a")?.type).toBe("error");
    expect(faults.take("PUT", "/x/managedClusters/a")).toBeUndefined();
  });

  it("maps codes to Azure's statuses and throttles with Retry-After", () => {
    expect(faultError({ type: "error", code: "SkuNotAvailable" })?.status).toBe(409);
    expect(faultError({ type: "error", code: "InternalServerError" })?.status).toBe(500);
    expect(faultError({ type: "error", code: "Whatever", status: 418 })?.status).toBe(418);
    const throttle = faultError({ type: "throttle", retryAfterSeconds: 3 });
    expect(throttle).toBeInstanceOf(ArmError);
    expect(throttle?.status).toBe(429);
    expect(throttle?.extra.headers).toEqual({ "Retry-After": "3" });
  });

  it("loads rules from a faults.json file", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "faults-"));
    try {
      const file = path.join(dir, "faults.json");
      writeFileSync(file, JSON.stringify({ rules: [{ match: { path: "/redis/" }, action: { type: "throttle", retryAfterSeconds: 2 } }] }));
      const faults = new FaultInjector();
      expect(faults.loadFile(file)).toBe(1);
      expect(faults.loadFile(path.join(dir, "missing.json"))).toBe(0);
      expect(faults.take("GET", "/s/rg/providers/Microsoft.Cache/redis/c1")).toEqual({ type: "throttle", retryAfterSeconds: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses malformed rules", () => {
    const faults = new FaultInjector();
    expect(() => faults.add({ action: { type: "stall" } })).toThrow();
    expect(() => faults.add({ match: { method: "FETCH" }, action: { type: "error", code: "X" } })).toThrow();
    expect(faults.list()).toEqual([]);
  });
});

describe("durations", () => {
  it("scales realistic durations: at the demo default AKS (slowest) takes ~1.6 min, Redis 1.5 min; tests are instant", () => {
    expect(scaledDurationMs("Microsoft.ContainerService/managedClusters/create", DEFAULT_TIME_SCALE)).toBe(96_000);
    expect(scaledDurationMs("Microsoft.Cache/redis/create", DEFAULT_TIME_SCALE)).toBe(90_000);
    expect(scaledDurationMs("Microsoft.ContainerService/managedClusters/create", 0)).toBe(0);
    const aks = realisticSeconds["Microsoft.ContainerService/managedClusters/create"]!;
    for (const [kind, seconds] of Object.entries(realisticSeconds)) if (kind.endsWith("/create")) expect(seconds).toBeLessThanOrEqual(aks);
    expect(realisticSeconds["Microsoft.Cache/redis/create"]!).toBeGreaterThan(realisticSeconds["Microsoft.Network/create"]!);
  });
});
