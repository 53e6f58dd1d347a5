/**
 * Least privilege on real PostgreSQL (what production uses): migrations run as the owner and
 * make the console's login role a member of console_runtime; as that role the console works
 * normally but cannot rewrite or silence the audit log. (PGlite, the local stack's store, has
 * one user who owns everything: there only the append-only triggers hold — lib/store/README.md.)
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "./audit";
import { createPool } from "./db";
import { createEnvironment, updateEnvironment } from "./environments";
import { MigrationIntegrityError } from "./errors";
import { migrate } from "./migrate";

const DB = `runtime_role_${process.pid}_${Date.now()}`;
const ROLE = `console_app_${process.pid}`;
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let owner: pg.Pool;
let runtime: pg.Pool;

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(`CREATE ROLE ${ROLE} LOGIN`);
  owner = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 2 });
  await migrate(owner, { runtimeRole: ROLE });
  runtime = createPool({ connectionString: `postgres://${ROLE}@127.0.0.1:5432/${DB}`, max: 2 });
});

afterAll(async () => {
  await runtime?.end();
  await owner?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
});

const refusal = (sql: string) => runtime.query(sql).then(() => "allowed", (err: unknown) => (err instanceof Error ? err.message : String(err)));

describe("the console's runtime role", () => {
  it("reads and writes the store, and appends to the audit log", async () => {
    expect((await runtime.query<{ me: string }>("SELECT current_user AS me")).rows[0]?.me).toBe(ROLE);
    const env = await createEnvironment(runtime, { name: "prod", subscriptionId: "6f1c2d3e-4a5b-4c6d-8e7f-901234567890", region: "westeurope", resourceGroup: "rg-prod", createdBy: "test" });
    await updateEnvironment(runtime, env.id, env.version, { status: "ready" });
    const row = await recordAuditEvent(runtime, { actorId: "a1", actorName: "Ada", action: "environment.create", target: "environment/prod", outcome: "success", requestId: "r1" });
    expect((await runtime.query("SELECT id FROM audit_events WHERE id = $1", [row.id])).rowCount).toBe(1);
    await runtime.query("INSERT INTO audit_denial_windows (actor_id, actor_name, window_start, written, suppressed) VALUES ('a1', 'Ada', now(), 1, 0)");
  });

  it("cannot UPDATE, DELETE, TRUNCATE, disable the triggers of, or drop the audit log", async () => {
    // "permission denied" (not the trigger's "append-only"): the privilege itself is missing.
    expect(await refusal("UPDATE audit_events SET actor_name = 'someone else'")).toBe("permission denied for table audit_events");
    expect(await refusal("DELETE FROM audit_events")).toBe("permission denied for table audit_events");
    expect(await refusal("TRUNCATE audit_events")).toBe("permission denied for table audit_events");
    expect(await refusal("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")).toBe("must be owner of table audit_events");
    expect(await refusal("ALTER TABLE audit_events DISABLE TRIGGER ALL")).toBe("must be owner of table audit_events");
    expect(await refusal("DROP TRIGGER audit_events_no_truncate ON audit_events")).toBe("must be owner of relation audit_events");
    expect(await refusal("DROP TABLE audit_events")).toBe("must be owner of table audit_events");
    expect(await refusal("SET session_replication_role = replica")).toMatch(/permission denied to set parameter "session_replication_role"/);
    expect((await owner.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events")).rows[0]?.n).toBe(1);
  });

  it("is refused as the migration role itself (the runtime role must not own the schema)", async () => {
    await expect(migrate(owner, { runtimeRole: "postgres" })).rejects.toThrow(MigrationIntegrityError);
  });
});
