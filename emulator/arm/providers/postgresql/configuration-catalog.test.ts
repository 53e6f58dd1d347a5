import { describe, expect, it } from "vitest";
import { configurationValueProblem, findConfiguration, normaliseConfigurationValue } from "./configuration-catalog";

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
  it("gives SKU-dependent defaults", () => {
    const s = spec("max_connections");
    expect(s.defaultValue({ skuName: "Standard_B1ms", version: "16" })).toBe("50");
    expect(Number(s.defaultValue({ skuName: "Standard_D4ds_v5", version: "16" }))).toBeGreaterThan(50);
  });
});
