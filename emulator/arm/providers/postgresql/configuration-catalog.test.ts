import { describe, expect, it } from "vitest";
import { configurationValueProblem, effectiveParameters, findConfiguration, normaliseConfigurationValue } from "./configuration-catalog";

function spec(name: string) {
  const s = findConfiguration(name);
  if (!s) throw new Error(`no ${name}`);
  return s;
}

describe("configuration catalog", () => {
  it("finds parameters case-insensitively and not unknown ones", () => {
    expect(findConfiguration("MAX_CONNECTIONS")?.name).toBe("max_connections");
    expect(findConfiguration("no_such_parameter")).toBeUndefined();
  });
  it("checks Integer ranges", () => {
    expect(configurationValueProblem(spec("max_connections"), "100")).toBeNull();
    expect(configurationValueProblem(spec("max_connections"), "24")?.code).toBe("InvalidParameterValue");
    expect(configurationValueProblem(spec("max_connections"), "1e3")?.code).toBe("InvalidParameterValue");
    expect(configurationValueProblem(spec("log_min_duration_statement"), "-1")).toBeNull();
  });
  it("checks Boolean, Enumeration and Set values", () => {
    expect(configurationValueProblem(spec("require_secure_transport"), "OFF")).toBeNull();
    expect(configurationValueProblem(spec("require_secure_transport"), "maybe")?.code).toBe("InvalidParameterValue");
    expect(configurationValueProblem(spec("pg_stat_statements.track"), "all")).toBeNull();
    expect(configurationValueProblem(spec("pg_stat_statements.track"), "some")?.code).toBe("InvalidParameterValue");
    expect(configurationValueProblem(spec("azure.extensions"), "pgcrypto, uuid-ossp,vector")).toBeNull();
    expect(configurationValueProblem(spec("azure.extensions"), "pgcrypto,evil_ext")?.code).toBe("InvalidParameterValue");
    expect(configurationValueProblem(spec("shared_preload_libraries"), "")).toBeNull();
  });
  it("normalises values like Azure stores them", () => {
    expect(normaliseConfigurationValue(spec("require_secure_transport"), "OFF")).toBe("off");
    expect(normaliseConfigurationValue(spec("azure.extensions"), "pgcrypto, uuid-ossp")).toBe("pgcrypto,uuid-ossp");
  });
  it("gives max_connections defaults from Azure's published table (concepts-limits)", () => {
    const s = spec("max_connections");
    const at = (skuName: string) => s.defaultValue({ skuName, version: "17" });
    expect([at("Standard_B1ms"), at("Standard_B2s"), at("Standard_B2ms"), at("Standard_B4ms"), at("Standard_B8ms"), at("Standard_B20ms")]).toEqual(["50", "429", "859", "1718", "3437", "5000"]);
    expect([at("Standard_D2ds_v5"), at("Standard_D2s_v3"), at("Standard_D4ds_v5"), at("Standard_D8ds_v4"), at("Standard_D16ds_v5"), at("Standard_D64ds_v5")]).toEqual(["859", "859", "1718", "3437", "5000", "5000"]);
    expect([at("Standard_E2ds_v5"), at("Standard_E4s_v3"), at("Standard_E8ds_v5")]).toEqual(["1718", "3437", "5000"]);
  });
  it("reports every parameter's effective value: the changed one, else the SKU default", () => {
    const values = effectiveParameters({ skuName: "Standard_D2ds_v5", version: "17" }, { work_mem: "8192" });
    expect(values.max_connections).toBe("859");
    expect(values.work_mem).toBe("8192");
    expect(values.require_secure_transport).toBe("on");
  });
});
