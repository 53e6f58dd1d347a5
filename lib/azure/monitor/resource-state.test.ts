import { describe, expect, it } from "vitest";
import { summarizeAlerts } from "./alert-status";
import { judgeAks, judgePostgres, judgeProvisioning, judgeRedis, judgeStorage, unreadable } from "./resource-state";

describe("overview tile verdicts", () => {
  it("judges provisioning states: settled ok, changing warn, broken critical, unreported unknown", () => {
    expect(judgeProvisioning("Succeeded", ["succeeded"])).toBe("ok");
    expect(judgeProvisioning("Updating", ["succeeded"])).toBe("warn");
    expect(judgeProvisioning("Failed", ["succeeded"])).toBe("critical");
    expect(judgeProvisioning(undefined, ["succeeded"])).toBe("unknown");
    expect(judgeProvisioning("SomethingNew", ["succeeded"])).toBe("unknown");
  });

  it("AKS: a stopped cluster is critical whatever its provisioning state", () => {
    expect(judgeAks({ provisioningState: "Succeeded", powerState: { code: "Running" } })).toEqual({ verdict: "ok" });
    expect(judgeAks({ provisioningState: "Succeeded", powerState: { code: "Stopped" } }).verdict).toBe("critical");
    expect(judgeAks({ provisioningState: "Upgrading", powerState: { code: "Running" } })).toEqual({ verdict: "warn", reason: "The cluster is Upgrading." });
  });

  it("PostgreSQL: Ready is ok unless its HA standby is unhealthy", () => {
    expect(judgePostgres({ state: "Ready", highAvailability: { mode: "ZoneRedundant", state: "Healthy" } })).toEqual({ verdict: "ok" });
    expect(judgePostgres({ state: "Ready", highAvailability: { mode: "Disabled" } })).toEqual({ verdict: "ok" });
    expect(judgePostgres({ state: "Ready", highAvailability: { mode: "ZoneRedundant", state: "FailingOver" } }).verdict).toBe("warn");
    expect(judgePostgres({ state: "Stopped" })).toEqual({ verdict: "critical", reason: "The server is Stopped." });
    expect(judgePostgres({ state: "Restarting" }).verdict).toBe("warn");
  });

  it("Redis and storage", () => {
    expect(judgeRedis({ provisioningState: "Succeeded" }).verdict).toBe("ok");
    expect(judgeRedis({ provisioningState: "Scaling" }).verdict).toBe("warn");
    expect(judgeStorage({ provisioningState: "Succeeded", statusOfPrimary: "available" }).verdict).toBe("ok");
    expect(judgeStorage({ provisioningState: "Succeeded", statusOfPrimary: "unavailable" }).verdict).toBe("critical");
  });

  it("a resource ARM does not know is critical; one that could not be asked is unknown", () => {
    expect(unreadable({ statusCode: 404, code: "ResourceNotFound", message: "gone" })).toMatchObject({ verdict: "critical", state: "Not found" });
    expect(unreadable(new Error("socket hang up"))).toMatchObject({ verdict: "unknown", reason: "socket hang up" });
  });

  it("alerts: firing severity 0–1 is critical, other firing warn, unreadable unknown, none ok", () => {
    const rule = (name: string, severity: number) => ({ name, id: name, description: "", severity, enabled: true, scopes: [], criteria: [] });
    expect(summarizeAlerts([{ rule: rule("a", 2), status: "Resolved" }]).verdict).toBe("ok");
    const warn = summarizeAlerts([{ rule: rule("a", 2), status: "Fired" }, { rule: rule("b", 3), status: "NoData" }]);
    expect(warn.verdict).toBe("warn");
    expect(warn.firing.map((f) => f.rule.name)).toEqual(["a"]);
    expect(summarizeAlerts([{ rule: rule("a", 2), status: "Fired" }, { rule: rule("b", 0), status: "Fired" }]).firing.map((f) => f.rule.name)).toEqual(["b", "a"]);
    expect(summarizeAlerts([{ rule: rule("b", 1), status: "Fired" }]).verdict).toBe("critical");
    expect(summarizeAlerts([{ rule: rule("a", 2), status: "Unknown" }]).verdict).toBe("unknown");
  });
});
