import { describe, expect, it } from "vitest";
import { compareVersions, DB_SSL_MODE_SINCE, findRelease, LATEST_RELEASE, RELEASES, releaseImages } from "./catalog";
import { compatibilityFindings, type PlatformSettings } from "./compatibility";

const azure: PlatformSettings = { postgresVersion: 17, postgresRequiresTls: true, redisNonTlsPort: true };

describe("catalog", () => {
  it("lists semver enterprise tags 1.48.0 … 1.54.0, newest first, latest = chart 0.50.0 appVersion", () => {
    expect(RELEASES.map((r) => r.version)).toContain("1.48.0");
    expect(LATEST_RELEASE.version).toBe("1.54.0");
    expect(LATEST_RELEASE.chartVersion).toBe("0.50.0");
    const sorted = [...RELEASES].sort((a, b) => compareVersions(b.version, a.version));
    expect(sorted).toEqual(RELEASES);
    for (const r of RELEASES) {
      expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(r.minPostgresVersion).toBe(16);
      expect(r.redisTls).toBe(false);
    }
  });
  it.each([
    ["1.48.0", false],
    ["1.49.0", false],
    [DB_SSL_MODE_SINCE, true],
    ["1.54.0", true],
  ] as const)("%s supports DB_SSL_MODE: %s", (v, yes) => expect(findRelease(v)?.supportsDbSslMode).toBe(yes));
  it.each([
    ["1.10.0", "1.9.0", 1],
    ["1.52.2", "1.52.10", -1],
    ["1.50.0", "1.50.0", 0],
  ] as const)("compareVersions(%s, %s) = %d", (a, b, r) => expect(compareVersions(a, b)).toBe(r));
  it("image references follow the registry", () => {
    expect(releaseImages(findRelease("1.53.0")!)).toEqual({
      app: "ghcr.io/openhands/enterprise-server:1.53.0",
      agentServer: "ghcr.io/openhands/agent-server:1.41.0-python",
      runtimeApi: "ghcr.io/openhands/runtime-api:0.8.2",
    });
    expect(releaseImages(LATEST_RELEASE, "myacr.azurecr.io/openhands/").app).toBe("myacr.azurecr.io/openhands/enterprise-server:1.54.0");
  });
});

describe("compatibilityFindings", () => {
  const severity = (v: string, s: Partial<PlatformSettings> = {}) => Object.fromEntries(compatibilityFindings(v, { ...azure, ...s }).map((f) => [f.id, f.severity]));
  const cases: [string, string, Partial<PlatformSettings>, Record<string, string>][] = [
    ["latest on Azure defaults", "1.54.0", {}, { "postgres.version": "pass", "postgres.tls": "pass", "redis.plainPort": "pass" }],
    ["old release vs TLS-required PG", "1.48.0", {}, { "postgres.version": "pass", "postgres.tls": "fail", "redis.plainPort": "pass" }],
    ["PG 15 too old", "1.54.0", { postgresVersion: 15 }, { "postgres.version": "fail", "postgres.tls": "pass", "redis.plainPort": "pass" }],
    ["TLS not required", "1.54.0", { postgresRequiresTls: false }, { "postgres.version": "pass", "postgres.tls": "warn", "redis.plainPort": "pass" }],
    ["Redis plain port off", "1.54.0", { redisNonTlsPort: false }, { "postgres.version": "pass", "postgres.tls": "pass", "redis.plainPort": "fail" }],
    ["unknown version", "2.0.0", {}, { "release.unknown": "fail" }],
  ];
  it.each(cases)("%s", (_n, v, s, expected) => expect(severity(v, s)).toEqual(expected));
  it("failures say how to fix them", () => {
    for (const f of compatibilityFindings("1.48.0", { postgresVersion: 15, postgresRequiresTls: true, redisNonTlsPort: false })) {
      if (f.severity === "fail") expect(f.remedy).toBeTruthy();
    }
    const tls = compatibilityFindings("1.48.0", azure).find((f) => f.id === "postgres.tls")!;
    expect(tls.remedy).toBe(`Choose OpenHands ${DB_SSL_MODE_SINCE} or newer`);
  });
});
