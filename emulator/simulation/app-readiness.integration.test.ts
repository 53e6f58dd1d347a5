/**
 * The app's /ready logic against real engines: a password-protected PostgreSQL started here
 * (port 37445) and the machine's Redis on 6379.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReadiness, dependencySettings, ReadinessCache } from "./app-readiness";
import { startPasswordPostgres, type TestPostgres } from "./test-postgres";

let pgServer: TestPostgres;
beforeAll(async () => {
  pgServer = await startPasswordPostgres(37445);
});
afterAll(async () => {
  await pgServer?.close();
});

const env = (over: Record<string, string> = {}) => ({
  DB_HOST: "127.0.0.1",
  DB_PORT: "37445",
  DB_USER: "postgres",
  DB_PASS: pgServer.password,
  DB_NAME: "postgres",
  DB_SSL_MODE: "disable",
  REDIS_HOST: "127.0.0.1",
  REDIS_PORT: "6379",
  ...over,
});

describe("OpenHands /ready against real PostgreSQL and Redis", () => {
  it("is ready with the right settings (DB_PASS is stripped like OpenHands does)", async () => {
    expect(await checkReadiness(dependencySettings(env({ DB_PASS: ` ${pgServer.password}\n` })))).toEqual({ ok: true });
  });

  it("answers OpenHands' database message for a wrong password, a wrong database and an unreachable host", async () => {
    const wrong = await checkReadiness(dependencySettings(env({ DB_PASS: "wrong" })));
    expect(wrong).toEqual({ ok: false, detail: 'Database is not accessible: password authentication failed for user "postgres"' });
    const noDb = await checkReadiness(dependencySettings(env({ DB_NAME: "nope" })));
    expect(noDb.detail).toBe('Database is not accessible: database "nope" does not exist');
    const closed = await checkReadiness(dependencySettings(env({ DB_PORT: "37446" })));
    expect(closed.detail).toMatch(/^Database is not accessible: connect ECONNREFUSED 127\.0\.0\.1:37446$/);
  });

  it("requires TLS when DB_SSL_MODE=require (this server has none); prefer falls back to plain", async () => {
    const required = await checkReadiness(dependencySettings(env({ DB_SSL_MODE: "require" })));
    expect(required.detail).toBe("Database is not accessible: The server does not support SSL connections");
    expect((await checkReadiness(dependencySettings(env({ DB_SSL_MODE: "prefer" })))).ok).toBe(true);
  });

  it("answers OpenHands' Redis message when Redis is wrong, within the 2 s timeout", async () => {
    const t0 = Date.now();
    const r = await checkReadiness(dependencySettings(env({ REDIS_PORT: "37447" })));
    expect(r.detail).toMatch(/^Redis cache is not accessible: .*ECONNREFUSED/);
    const auth = await checkReadiness(dependencySettings(env({ REDIS_PASSWORD: "not-the-key" })));
    expect(auth.ok).toBe(false);
    expect(auth.detail).toMatch(/^Redis cache is not accessible: /);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("caches a verdict briefly per configuration", async () => {
    let calls = 0;
    const cache = new ReadinessCache(60_000, async () => {
      calls++;
      return { ok: true };
    });
    const s = dependencySettings(env());
    await Promise.all([cache.ready(s), cache.ready(s)]);
    await cache.ready(dependencySettings(env({ DB_PASS: "other" })));
    expect(calls).toBe(2);
  });
});
