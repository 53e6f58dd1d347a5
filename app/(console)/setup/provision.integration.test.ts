/**
 * Preflight, the one-click provider fix and Provision through the real action pipeline, with the
 * real Azure SDK clients against the local Azure and real PostgreSQL; then Retry/Cancel on the
 * operation page's actions. Reader is refused (audited as denied) and changes nothing.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { startConformanceStack, type ConformanceStack } from "@/emulator/arm/testing/conformance-stack";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction, type ActionDefinition, type ExecutionContext } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { presetSizing } from "@/lib/azure/sizing";
import { migrate } from "@/lib/store/migrate";
import { getOperation } from "@/lib/store/operations";
import { getCurrentDraft, openOperationSetupSecret } from "@/lib/store/setup-drafts";
import { operationActions } from "../operations/[id]/operation-actions";
import { preflightActions } from "./preflight-actions";
import { provisionAction } from "./provision-action";
import { setupActions } from "./setup-actions";
import { createPool } from "@/lib/store/db";

const DB = `wizard_provision_${process.pid}_${Date.now()}`;
const key = randomBytes(32);
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let stack: ConformanceStack;
let verify: TokenVerifier;
type User = "admin" | "operator" | "reader";

async function run<S extends ZodType, T>(def: ActionDefinition<S, T>, user: User, input: unknown) {
  const token = await signTestToken(stack.dataDir, userAccessTokenClaims(stack.dataDir, stack.entra.issuer, user));
  const ctx: ExecutionContext = { token, requestId: `req-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(pool), verify };
  return executeAction(def, ctx, input);
}
function must<T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

beforeAll(async () => {
  stack = await startConformanceStack({ armPort: 48453, entraPort: 48454 });
  const identity = loadOrCreateStackIdentity(stack.dataDir);
  verify = createTokenVerifier({ authority: stack.entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await stack?.close();
});

describe("preflight and provision", () => {
  it("runs preflight against ARM, fixes providers in one click, provisions once, and lets operators cancel", async () => {
    const deps = { db: () => pool, secretsKey: () => key, arm: () => stack.clients() };
    const setup = setupActions(deps);
    const preflight = preflightActions(deps);
    const provision = provisionAction(deps);
    const ops = operationActions(deps);
    const sub = stack.subscriptionId;

    let d = must(await run(setup.start, "admin", {}));
    d = must(await run(setup.saveEnvironment, "admin", { draftId: d.draftId, version: d.version, environment: { name: "prod", subscriptionId: sub, region: "westeurope" } }));
    d = must(await run(setup.saveSizing, "admin", { draftId: d.draftId, version: d.version, sizing: presetSizing("pilot") }));
    d = must(await run(setup.saveIdentity, "admin", {
      draftId: d.draftId, version: d.version,
      identity: { keycloakUrl: "https://auth.contoso.test", realm: "allhands", clientId: "openhands", entraTenantId: sub, entraClientId: sub },
      secrets: { keycloakClientSecret: "kc-secret-1", keycloakAdminPassword: "kc-admin-1", entraClientSecret: "entra-secret-1" },
    }));
    d = must(await run(setup.saveOpenHands, "admin", {
      draftId: d.draftId, version: d.version,
      openhands: { version: "1.54.0", host: "openhands.contoso.test", tls: { mode: "none" }, llm: { model: "anthropic/claude-sonnet-4-5" } },
      secrets: { llmApiKey: "sk-llm-1" },
    }));

    // Provision before preflight passed is refused with the reason, and creates nothing.
    const early = await run(provision, "admin", { draftId: d.draftId, version: d.version });
    expect(early).toMatchObject({ ok: false, error: { code: "setup_incomplete", message: expect.stringMatching(/preflight/) } });

    let result = must(await run(preflight.run, "admin", { draftId: d.draftId, version: d.version }));
    expect(result.checks.length).toBeGreaterThan(5);
    for (const c of result.checks) expect(c).toMatchObject({ id: expect.any(String), status: expect.stringMatching(/^(pass|warn|fail)$/), evidence: expect.any(String) });
    // One-click fixes, then run again.
    for (const fix of result.checks.flatMap((c) => (c.fix ? [c.fix] : []))) {
      expect(must(await run(preflight.register, "admin", { draftId: d.draftId, namespace: fix.namespace })).registrationState).toMatch(/Registered|Registering/);
    }
    result = must(await run(preflight.run, "admin", { draftId: result.draftId, version: result.version }));
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(result.blocked).toBe(false);
    expect(result.completedSteps).toContain("preflight");

    // Arbitrary providers cannot be registered from the wizard.
    expect(await run(preflight.register, "admin", { draftId: d.draftId, namespace: "Microsoft.Bogus" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });

    // Reader cannot provision; it is audited as denied.
    expect(await run(provision, "reader", { draftId: d.draftId, version: result.version })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const denied = await pool.query("SELECT 1 FROM audit_events WHERE action = 'setup.provision' AND outcome = 'denied'");
    expect(denied.rowCount).toBe(1);
    expect((await pool.query("SELECT 1 FROM environments")).rowCount).toBe(0);

    const started = must(await run(provision, "admin", { draftId: d.draftId, version: result.version }));
    const op = await getOperation(pool, started.operationId);
    expect(op?.kind).toBe("setup");
    expect(op?.steps.length).toBeGreaterThan(3);
    expect((await getCurrentDraft(pool))?.status).toBe("provisioning");
    // The executor reads typed secrets by operation id.
    expect(await openOperationSetupSecret(pool, key, started.operationId, "llmApiKey")).toBe("sk-llm-1");
    // A second Provision of the same draft is refused: no duplicate environment or operation.
    expect(await run(provision, "admin", { draftId: d.draftId, version: result.version + 1 })).toMatchObject({ ok: false, error: { code: "draft_not_open" } });
    expect((await pool.query("SELECT 1 FROM operations")).rowCount).toBe(1);

    // Retry only applies to a failed operation; Reader and Operator may not cancel setup (it needs setup.run); Admin may.
    expect(await run(ops.retry, "admin", { operationId: started.operationId })).toMatchObject({ ok: false, error: { code: "invalid_operation_state" } });
    expect(await run(ops.cancel, "reader", { operationId: started.operationId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await run(ops.cancel, "operator", { operationId: started.operationId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(must(await run(ops.cancel, "admin", { operationId: started.operationId })).status).toBe("canceled");

    const audit = await pool.query<{ changes: unknown; detail: string | null }>("SELECT changes, detail FROM audit_events");
    for (const s of ["kc-secret-1", "kc-admin-1", "entra-secret-1", "sk-llm-1"]) expect(JSON.stringify(audit.rows)).not.toContain(s);
  }, 120_000);
});
