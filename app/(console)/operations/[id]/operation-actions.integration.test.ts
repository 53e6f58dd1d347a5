/**
 * Retry and Cancel through the real action pipeline (real local Entra tokens, real PostgreSQL):
 * a *setup* operation creates an environment, so resuming or stopping it needs `setup.run`
 * (Admin) — an Operator is refused (forbidden → HTTP 403 on a route), nothing changes, and the
 * refusal is audited as denied. Day-two operations keep `operation.retry` / `operation.cancel`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { toResponse } from "@/lib/auth/route";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { createPool } from "@/lib/store/db";
import { createEnvironment } from "@/lib/store/environments";
import { migrate } from "@/lib/store/migrate";
import { createOperation, getOperation } from "@/lib/store/operations";
import { operationActions } from "./operation-actions";

const PORT = 39446;
const DB = `operation_actions_${process.pid}_${Date.now()}`;
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let dataDir: string;
let entra: RunningEntra;
let verify: TokenVerifier;
type User = "admin" | "operator" | "reader";

async function act(which: "retry" | "cancel", user: User, operationId: string) {
  const token = await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, user));
  return executeAction(operationActions({ db: () => pool })[which], { token, requestId: `req-${which}-${user}-${Date.now()}`, audit: storeAuditWriter(pool), verify }, { operationId });
}

async function operation(kind: string, status: "running" | "failed", env: string): Promise<string> {
  const e = await createEnvironment(pool, { name: env, subscriptionId: "6f1c2d3e-4a5b-4c6d-8e7f-901234567890", region: "westeurope", resourceGroup: `rg-${env}`, createdBy: "test" });
  const op = await createOperation(pool, { environmentId: e.id, kind, requestedBy: "test", steps: [{ key: "a", title: "Step A" }] });
  // What a worker leaves behind: a running step holds a lease; a failed one is finished.
  const running = status === "running";
  await pool.query(
    `UPDATE operation_steps SET status = $2, started_at = now(), finished_at = CASE WHEN $3 THEN NULL ELSE now() END,
       lease_owner = CASE WHEN $3 THEN 'worker-test' END, lease_expires_at = CASE WHEN $3 THEN now() + interval '1 minute' END
     WHERE operation_id = $1`,
    [op.id, status, running],
  );
  await pool.query(`UPDATE operations SET status = $2, started_at = now(), finished_at = CASE WHEN $3 THEN NULL ELSE now() END WHERE id = $1`, [op.id, status, running]);
  return op.id;
}

const auditOf = async (target: string) =>
  (await pool.query<{ action: string; outcome: string; detail: string | null }>("SELECT action, outcome, detail FROM audit_events WHERE target = $1 ORDER BY id", [target])).rows;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "operation-actions-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: "http://localhost:3000" });
  const identity = loadOrCreateStackIdentity(dataDir);
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Retry and Cancel of a setup operation need setup.run (Admin)", () => {
  it("refuses an Operator's Retry of a failed setup: 403, still failed, audited denied; Admin may", async () => {
    const id = await operation("setup", "failed", "retry-setup");
    const refused = await act("retry", "operator", id);
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringContaining('does not allow "setup.run"') } });
    if (refused.ok) throw new Error("unreachable");
    expect(toResponse(refused, "req").status).toBe(403);
    const op = await getOperation(pool, id);
    expect(op?.status).toBe("failed");
    expect(op?.steps.map((s) => [s.status, s.attempt])).toEqual([["failed", 1]]);
    expect(await auditOf(`operation/${id}`)).toEqual([{ action: "operation.retry", outcome: "denied", detail: expect.stringMatching(/^forbidden: .*setup\.run/) }]);

    expect(await act("retry", "admin", id)).toMatchObject({ ok: true, data: { status: "pending" } });
    expect((await auditOf(`operation/${id}`)).map((r) => r.outcome)).toEqual(["denied", "success"]);
  });

  it("refuses an Operator's Cancel of a running setup: 403, still running, audited denied; Admin may", async () => {
    const id = await operation("setup", "running", "cancel-setup");
    expect(await act("cancel", "operator", id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await act("cancel", "reader", id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await getOperation(pool, id))?.status).toBe("running");
    // The Operator's refusal names the operation (it was looked up); the Reader's is refused before input is read.
    expect((await auditOf(`operation/${id}`)).map((r) => [r.action, r.outcome])).toEqual([["operation.cancel", "denied"]]);

    expect(await act("cancel", "admin", id)).toMatchObject({ ok: true, data: { status: "canceled" } });
    expect((await getOperation(pool, id))?.status).toBe("canceled");
  });

  it("lets an Operator retry and cancel a day-two operation (operation.retry / operation.cancel)", async () => {
    const failed = await operation("aks-upgrade", "failed", "day-two-a");
    expect(await act("retry", "operator", failed)).toMatchObject({ ok: true, data: { status: "pending" } });
    expect(await act("cancel", "operator", failed)).toMatchObject({ ok: true, data: { status: "canceled" } });
    expect((await auditOf(`operation/${failed}`)).map((r) => [r.action, r.outcome])).toEqual([["operation.retry", "success"], ["operation.cancel", "success"]]);
  });
});
