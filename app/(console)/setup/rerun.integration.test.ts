/**
 * Setup on an existing environment through the real action pipeline: real local Entra tokens,
 * the real Azure SDK clients against the local Azure (preflight), real PostgreSQL. "Run setup
 * again" starts a new operation on the SAME environment id with the saved answers (secrets
 * re-sealed for the new run, never re-typed, never in the audit log); Provision of a draft that
 * names an existing environment in the same place does the same; only one operation per
 * environment (refused while one is active, also when two admins race); Reader and Operator are
 * refused and change nothing; every attempt is audited and shows in the operation's trail.
 */
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { startConformanceStack, type ConformanceStack } from "@/emulator/arm/testing/conformance-stack";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction, type ActionDefinition, type ActionResult, type ExecutionContext } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { presetSizing } from "@/lib/azure/sizing";
import { listAuditEvents } from "@/lib/store/audit";
import { migrate } from "@/lib/store/migrate";
import { getOperation } from "@/lib/store/operations";
import { getCurrentDraft, getDraft, openOperationSetupSecret } from "@/lib/store/setup-drafts";
import { operationActions } from "../operations/[id]/operation-actions";
import { operationAuditTrail } from "../operations/[id]/operation-data";
import { preflightActions } from "./preflight-actions";
import { provisionAction } from "./provision-action";
import { rerunAction } from "./rerun-action";
import { setupActions, type DraftSaved } from "./setup-actions";
import { createPool } from "@/lib/store/db";

const DB = `setup_rerun_${process.pid}_${Date.now()}`;
const key = randomBytes(32);
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
const SECRETS = { keycloakClientSecret: "kc-rerun-secret-1", keycloakAdminPassword: "kc-rerun-admin-1", entraClientSecret: "entra-rerun-secret-1", llmApiKey: "sk-llm-rerun-1" };
let pool: pg.Pool;
let stack: ConformanceStack;
let verify: TokenVerifier;
type User = "admin" | "operator" | "reader";

async function run<S extends ZodType, T>(def: ActionDefinition<S, T>, user: User, input: unknown): Promise<ActionResult<T>> {
  const token = await signTestToken(stack.dataDir, userAccessTokenClaims(stack.dataDir, stack.entra.issuer, user));
  const ctx: ExecutionContext = { token, requestId: `req-${randomUUID()}`, audit: storeAuditWriter(pool), verify };
  return executeAction(def, ctx, input);
}
function must<T>(r: ActionResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}
const count = async (table: string) => (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const auditOf = async (action: string) =>
  (await pool.query<{ outcome: string; target: string; detail: string | null; actor_name: string }>("SELECT outcome, target, detail, actor_name FROM audit_events WHERE action = $1 ORDER BY id", [action])).rows;

let deps: { db: () => pg.Pool; secretsKey: () => Buffer; arm: () => ReturnType<ConformanceStack["clients"]> };

/** Admin answers every step for environment `name` and runs preflight until it passes. */
async function walkWizard(name: string, region = "westeurope"): Promise<DraftSaved> {
  const setup = setupActions(deps);
  const preflight = preflightActions(deps);
  const sub = stack.subscriptionId;
  let d = must(await run(setup.start, "admin", {}));
  d = must(await run(setup.saveEnvironment, "admin", { draftId: d.draftId, version: d.version, environment: { name, subscriptionId: sub, region } }));
  d = must(await run(setup.saveSizing, "admin", { draftId: d.draftId, version: d.version, sizing: presetSizing("pilot") }));
  const { llmApiKey, ...identitySecrets } = SECRETS;
  d = must(await run(setup.saveIdentity, "admin", {
    draftId: d.draftId, version: d.version,
    identity: { keycloakUrl: "https://auth.contoso.test", realm: "allhands", clientId: "openhands", entraTenantId: sub, entraClientId: sub },
    secrets: identitySecrets,
  }));
  d = must(await run(setup.saveOpenHands, "admin", {
    draftId: d.draftId, version: d.version,
    openhands: { version: "1.54.0", host: `${name}.openhands.contoso.test`, tls: { mode: "none" }, llm: { model: "anthropic/claude-sonnet-4-5" } },
    secrets: { llmApiKey },
  }));
  for (let round = 0; round < 5; round++) {
    const result = must(await run(preflight.run, "admin", { draftId: d.draftId, version: d.version }));
    d = result;
    if (!result.blocked) return d;
    for (const fix of result.checks.flatMap((c) => (c.fix ? [c.fix] : []))) must(await run(preflight.register, "admin", { draftId: d.draftId, namespace: fix.namespace }));
  }
  throw new Error("preflight still blocked after registering providers");
}

beforeAll(async () => {
  stack = await startConformanceStack({ armPort: 48451, entraPort: 48452 });
  const identity = loadOrCreateStackIdentity(stack.dataDir);
  verify = createTokenVerifier({ authority: stack.entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
  deps = { db: () => pool, secretsKey: () => key, arm: () => stack.clients() };
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await stack?.close();
});

describe("setup on an existing environment", () => {
  let environmentId = "";

  it("Run setup again: refused while an operation is active, refused for Reader and Operator, then a new operation on the same environment", async () => {
    const rerun = rerunAction(deps);
    const setup = setupActions(deps);
    const ops = operationActions(deps);
    const d = await walkWizard("prod");
    const first = must(await run(provisionAction(deps), "admin", { draftId: d.draftId, version: d.version }));
    expect(first.existing).toBe(false);
    environmentId = first.environmentId;

    // One operation per environment: the first one is still pending.
    const busy = await run(rerun, "admin", { environmentId });
    expect(busy).toMatchObject({ ok: false, error: { code: "operation_in_progress", message: expect.stringContaining(`Environment "prod" already has a setup operation pending (${first.operationId})`) } });
    // Starting another setup is refused too while this one is provisioning.
    expect(await run(setup.start, "admin", {})).toMatchObject({ ok: false, error: { code: "draft_exists" } });
    expect(await count("operations")).toBe(1);

    // Reader and Operator may not start setup: denied, audited, nothing changed.
    for (const user of ["reader", "operator"] as const) {
      expect(await run(rerun, user, { environmentId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect((await auditOf("setup.rerun")).map((r) => r.outcome)).toEqual(["failure", "denied", "denied"]);
    expect((await auditOf("setup.rerun"))[0]).toMatchObject({ target: `environment/${environmentId}`, detail: expect.stringMatching(/^operation_in_progress: /) });

    // Bad input is refused with the rule; an unknown environment is "not found".
    expect(await run(rerun, "admin", { environmentId: "prod" })).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { environmentId: [expect.stringContaining("id of an environment")] } } });
    expect(await run(rerun, "admin", { environmentId: randomUUID() })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await count("operations")).toBe(1);

    // Once the first operation has ended (here: canceled), setup runs again on the same environment.
    must(await run(ops.cancel, "admin", { operationId: first.operationId }));
    const again = must(await run(rerun, "admin", { environmentId }));
    expect(again.environmentId).toBe(environmentId);
    expect(again.operationId).not.toBe(first.operationId);
    expect(again.sourceDraftId).toBe(d.draftId);
    expect(await count("environments")).toBe(1);
    const [op1, op2] = await Promise.all([getOperation(pool, first.operationId), getOperation(pool, again.operationId)]);
    expect(op2).toMatchObject({ environmentId, kind: "setup", status: "pending" });
    expect(op2?.steps.map((s) => s.key)).toEqual(op1?.steps.map((s) => s.key));

    // A draft per run: the first is finished, the new one is current and holds the same secrets, sealed anew.
    expect((await getDraft(pool, d.draftId))?.status).toBe("done");
    expect(await getCurrentDraft(pool)).toMatchObject({ id: again.draftId, status: "provisioning", operationId: again.operationId, environmentId });
    expect(await openOperationSetupSecret(pool, key, again.operationId, "llmApiKey")).toBe(SECRETS.llmApiKey);
    expect(await openOperationSetupSecret(pool, key, again.operationId, "keycloakAdminPassword")).toBe(SECRETS.keycloakAdminPassword);
    expect(await openOperationSetupSecret(pool, key, first.operationId, "llmApiKey")).toBe(SECRETS.llmApiKey);
    const sealed = await pool.query<{ secrets: Record<string, string> }>("SELECT secrets FROM setup_drafts ORDER BY created_at");
    expect(sealed.rows[1]?.secrets.llmApiKey).not.toBe(sealed.rows[0]?.secrets.llmApiKey);

    // The run is audited against its operation, with who did it, and shows in the operation's trail.
    const events = await listAuditEvents(pool, { targets: [`operation/${again.operationId}`], page: 1, pageSize: 10 });
    expect(events.rows).toEqual([expect.objectContaining({ action: "setup.rerun", outcome: "success", actorName: expect.stringMatching(/Admin/), changes: expect.objectContaining({ sourceDraftId: { new: d.draftId } }) })]);
    const trail = await operationAuditTrail(pool, op1!, d.draftId);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["setup.environment.save", "setup.provision", "setup.rerun", "operation.cancel"]));
    expect(trail.find((e) => e.action === "setup.rerun")?.outcome).toBe("failure"); // the refused run while op 1 was active

    // And again: refused while the second run is active.
    expect(await run(rerun, "admin", { environmentId })).toMatchObject({ ok: false, error: { code: "operation_in_progress" } });
    must(await run(ops.cancel, "admin", { operationId: again.operationId }));
  }, 180_000);

  it("two admins running setup again at once: exactly one operation starts", async () => {
    const rerun = rerunAction(deps);
    const before = await count("operations");
    const results = await Promise.all([run(rerun, "admin", { environmentId }), run(rerun, "admin", { environmentId })]);
    const started = results.filter((r) => r.ok);
    expect(started).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(operation_in_progress|draft_exists)$/) } });
    expect(await count("operations")).toBe(before + 1);
    expect((await pool.query("SELECT 1 FROM operations WHERE status IN ('pending','running')")).rowCount).toBe(1);
    const active = started[0]!.ok ? started[0]!.data.operationId : "";
    must(await run(operationActions(deps).cancel, "admin", { operationId: active }));
  }, 60_000);

  it("Provision of a draft that names the existing environment runs setup on it again; another place under that name is refused", async () => {
    const setup = setupActions(deps);
    const sub = stack.subscriptionId;
    // "Set up another environment": the ended setup is finished, a new draft starts.
    const fresh = must(await run(setup.start, "admin", {}));
    expect((await getCurrentDraft(pool))?.status).toBe("open");

    const otherRegion = await run(setup.saveEnvironment, "admin", { draftId: fresh.draftId, version: fresh.version, environment: { name: "prod", subscriptionId: sub, region: "northeurope" } });
    expect(otherRegion).toMatchObject({ ok: false, error: { code: "environment_placement_differs", fieldErrors: { "environment.region": [expect.stringContaining("exists in westeurope; setup cannot move it to northeurope")] } } });
    const otherSub = await run(setup.saveEnvironment, "admin", { draftId: fresh.draftId, version: fresh.version, environment: { name: "prod", subscriptionId: randomUUID(), region: "westeurope" } });
    expect(otherSub).toMatchObject({ ok: false, error: { code: "environment_name_taken", fieldErrors: { "environment.name": [expect.stringContaining("already exists in subscription")] } } });
    expect((await getDraft(pool, fresh.draftId))?.version).toBe(fresh.version);

    must(await run(setup.discard, "admin", { draftId: fresh.draftId, version: fresh.version }));
    const d = await walkWizard("prod");
    const provisioned = must(await run(provisionAction(deps), "admin", { draftId: d.draftId, version: d.version }));
    expect(provisioned).toMatchObject({ environmentId, existing: true });
    expect(await count("environments")).toBe(1);
    expect(await openOperationSetupSecret(pool, key, provisioned.operationId, "entraClientSecret")).toBe(SECRETS.entraClientSecret);
    const audit = await pool.query<{ changes: Record<string, unknown> | null }>("SELECT changes FROM audit_events WHERE action = 'setup.provision' AND outcome = 'success' ORDER BY id DESC LIMIT 1");
    expect(audit.rows[0]?.changes).toMatchObject({ existingEnvironment: { new: true }, environmentId: { new: environmentId } });

    // Nothing typed in the wizard reaches the audit log.
    const everything = JSON.stringify((await pool.query("SELECT changes, detail, target FROM audit_events")).rows);
    for (const s of Object.values(SECRETS)) expect(everything).not.toContain(s);
  }, 180_000);
});
