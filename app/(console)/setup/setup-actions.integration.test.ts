/**
 * The wizard's actions end to end through `executeAction`: real local Entra tokens, real
 * PostgreSQL with the store's migrations. Admin saves each step; illegal names come back with the
 * rule they break; Reader and Operator are refused (audited as denied) and change nothing;
 * secrets never reach the draft row, the audit log or the action's answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction, type ActionDefinition, type ExecutionContext } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { presetSizing } from "@/lib/azure/sizing";
import { migrate } from "@/lib/store/migrate";
import { getCurrentDraft, openDraftSecrets } from "@/lib/store/setup-drafts";
import { setupActions } from "./setup-actions";
import { createPool } from "@/lib/store/db";

const PORT = 48455;
const DB = `wizard_actions_${process.pid}_${Date.now()}`;
const SUB = "8f3c2a10-4b5d-4e6f-9a7b-1c2d3e4f5a6b";
const key = randomBytes(32);
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let dataDir: string;
let entra: RunningEntra;
let verify: TokenVerifier;
let actions: ReturnType<typeof setupActions>;

async function as(user: "admin" | "operator" | "reader") {
  return signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, user));
}
function ctx(token: string): ExecutionContext {
  return { token, requestId: `req-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(pool), verify };
}
async function run<S extends ZodType, T>(def: ActionDefinition<S, T>, user: "admin" | "operator" | "reader", input: unknown) {
  return executeAction(def, ctx(await as(user)), input);
}
async function auditRows() {
  const r = await pool.query<{ action: string; outcome: string; changes: unknown; detail: string | null }>("SELECT action, outcome, changes, detail FROM audit_events ORDER BY id");
  return r.rows;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "wizard-actions-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: "http://localhost:3000" });
  const identity = loadOrCreateStackIdentity(dataDir);
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
  actions = setupActions({ db: () => pool, secretsKey: () => key });
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("setup wizard actions", () => {
  it("walks admin through the form steps, keeping secrets sealed and out of every answer and audit row", async () => {
    const started = await run(actions.start, "admin", {});
    if (!started.ok) throw new Error(started.error.message);
    let version = started.data.version;
    const draftId = started.data.draftId;

    const env = await run(actions.saveEnvironment, "admin", { draftId, version, environment: { name: "prod", subscriptionId: SUB, region: "westeurope" } });
    expect(env).toMatchObject({ ok: true, data: { completedSteps: ["environment"] } });
    if (!env.ok) return;
    version = env.data.version;

    const sizing = await run(actions.saveSizing, "admin", { draftId, version, sizing: presetSizing("team") });
    if (!sizing.ok) throw new Error(sizing.error.message);
    version = sizing.data.version;

    // The first identity save must carry every secret; the error names the missing ones.
    const identity = { keycloakUrl: "https://auth.contoso.com", realm: "allhands", clientId: "openhands", entraTenantId: SUB, entraClientId: SUB };
    const missing = await run(actions.saveIdentity, "admin", { draftId, version, identity, secrets: { keycloakClientSecret: "kc-s3cret-value" } });
    expect(missing).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    if (missing.ok) return;
    expect(Object.keys(missing.error.fieldErrors ?? {}).sort()).toEqual(["secrets.entraClientSecret", "secrets.keycloakAdminPassword"]);

    const secrets = { keycloakClientSecret: "kc-s3cret-value", keycloakAdminPassword: "kc-admin-pw-value", entraClientSecret: "entra-s3cret-value" };
    const ok = await run(actions.saveIdentity, "admin", { draftId, version, identity, secrets });
    if (!ok.ok) throw new Error(ok.error.message);
    version = ok.data.version;
    // Saving again without secrets keeps the sealed ones ("provided ✓ — re-enter to change").
    const again = await run(actions.saveIdentity, "admin", { draftId, version, identity: { ...identity, realm: "team" } });
    if (!again.ok) throw new Error(again.error.message);
    version = again.data.version;

    const oh = await run(actions.saveOpenHands, "admin", {
      draftId, version,
      openhands: { version: "1.54.0", host: "openhands.contoso.com", tls: { mode: "none" }, llm: { model: "anthropic/claude-sonnet-4-5" } },
      secrets: { llmApiKey: "sk-llm-secret-value" },
    });
    expect(oh).toMatchObject({ ok: true, data: { completedSteps: ["environment", "sizing", "identity", "openhands"] } });

    const draft = await getCurrentDraft(pool);
    expect(draft?.data.identity).toMatchObject({ realm: "team" });
    expect(draft?.secretsProvided).toEqual({ keycloakClientSecret: true, keycloakAdminPassword: true, entraClientSecret: true, llmApiKey: true });
    expect(await openDraftSecrets(pool, key, draftId)).toEqual({ ...secrets, llmApiKey: "sk-llm-secret-value" });

    const everything = JSON.stringify([await pool.query("SELECT * FROM setup_drafts"), await auditRows(), oh, again]);
    for (const s of [...Object.values(secrets), "sk-llm-secret-value"]) expect(everything).not.toContain(s);
  });

  it("refuses an illegal resource name with the rule it breaks, and changes nothing", async () => {
    const draft = await getCurrentDraft(pool);
    if (!draft) throw new Error("no draft");
    const res = await run(actions.saveEnvironment, "admin", {
      draftId: draft.id, version: draft.version,
      environment: { name: "prod", subscriptionId: SUB, region: "westeurope", names: { storageAccount: "stg-openhands-blob" } },
    });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.fieldErrors?.["environment.names.storageAccount"]?.[0]).toMatch(/not a legal storage account name: .*lowercase letters/);
    expect((await getCurrentDraft(pool))?.version).toBe(draft.version);
  });

  it("refuses a stale version (another browser saved first)", async () => {
    const draft = await getCurrentDraft(pool);
    if (!draft) throw new Error("no draft");
    const res = await run(actions.saveSizing, "admin", { draftId: draft.id, version: draft.version - 1, sizing: presetSizing("org") });
    expect(res).toMatchObject({ ok: false, error: { code: "version_conflict" } });
  });

  it.each(["reader", "operator"] as const)("refuses %s, audits the attempt as denied, changes nothing", async (user) => {
    const draft = await getCurrentDraft(pool);
    if (!draft) throw new Error("no draft");
    const before = (await auditRows()).length;
    const res = await run(actions.saveSizing, user, { draftId: draft.id, version: draft.version, sizing: presetSizing("org") });
    expect(res).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await getCurrentDraft(pool))?.version).toBe(draft.version);
    const rows = (await auditRows()).slice(before);
    expect(rows).toEqual([expect.objectContaining({ action: "setup.sizing.save", outcome: "denied" })]);
  });
});
