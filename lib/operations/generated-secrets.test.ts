import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { derivedSecret, isGeneratedSecret } from "./generated-secrets";

describe("derivedSecret", () => {
  const key = randomBytes(32);
  it("is stable per environment and name, different across them and keys", () => {
    const a = derivedSecret(key, "env-1", "postgresAdminPassword");
    expect(derivedSecret(key, "env-1", "postgresAdminPassword")).toBe(a);
    expect(derivedSecret(key, "env-2", "postgresAdminPassword")).not.toBe(a);
    expect(derivedSecret(key, "env-1", "jwtSecret")).not.toBe(a);
    expect(derivedSecret(randomBytes(32), "env-1", "postgresAdminPassword")).not.toBe(a);
  });
  it("meets Azure's PostgreSQL password complexity (upper, lower, digit; 8–128)", () => {
    const p = derivedSecret(key, "env-1", "postgresAdminPassword");
    expect(p).toMatch(/[A-Z]/);
    expect(p).toMatch(/[a-z]/);
    expect(p).toMatch(/[0-9]/);
    expect(p.length).toBeGreaterThanOrEqual(8);
    expect(p.length).toBeLessThanOrEqual(128);
  });
  it("knows which names it makes", () => {
    expect(isGeneratedSecret("jwtSecret")).toBe(true);
    expect(isGeneratedSecret("llmApiKey")).toBe(false);
  });
});
