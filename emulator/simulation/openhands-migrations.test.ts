import { describe, expect, it } from "vitest";
import { migrationSql, OpenHandsMigrations, type Database } from "./openhands-migrations";

const db = (over: Partial<Database> = {}): Database => ({ host: "127.0.10.1", port: 5432, user: "ohadmin", password: "pw", database: "openhands", sslMode: "prefer", ...over });

describe("OpenHands migrations of the simulated app", () => {
  it("run the head schema in one transaction under an advisory lock", () => {
    const sql = migrationSql();
    expect(sql.startsWith("BEGIN;\nSELECT pg_advisory_xact_lock(")).toBe(true);
    expect(sql).toContain("CREATE TABLE IF NOT EXISTS conversation_metadata");
    expect(sql.trimEnd().endsWith("COMMIT;")).toBe(true);
  });

  it("run once per database, shared by concurrent callers, and again after a failure", async () => {
    const calls: string[] = [];
    let fail = true;
    const migrations = new OpenHandsMigrations(async (d) => {
      calls.push(`${d.host}/${d.database}`);
      if (fail && d.database === "broken") throw new Error("password authentication failed");
    });
    await Promise.all([migrations.ensure(db()), migrations.ensure(db({ password: "same db, other password" }))]);
    await migrations.ensure(db());
    expect(calls).toEqual(["127.0.10.1/openhands"]);
    await expect(migrations.ensure(db({ database: "broken" }))).rejects.toThrow("password authentication failed");
    fail = false;
    await migrations.ensure(db({ database: "broken" }));
    expect(calls).toEqual(["127.0.10.1/openhands", "127.0.10.1/broken", "127.0.10.1/broken"]);
  });
});
