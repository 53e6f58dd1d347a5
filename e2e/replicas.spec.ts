/**
 * User goal: the console runs as several replicas (DESIGN §3 "Scale-out") and an admin never
 * notices which one answers, even when one dies mid-setup.
 *
 * Three consoles run from the standalone build (as the image does: `node server.js`) on one fresh
 * database of the machine's PostgreSQL, against the e2e stack's local Entra and Azure, behind a
 * round-robin proxy without affinity (e2e/round-robin-proxy.ts). The admin signs in through the
 * proxy and the session cookie is accepted by each console directly. Setup runs twice through the
 * wizard: once untouched (the baseline), once with the console whose worker holds the AKS step's
 * lease SIGKILLed while it polls ARM's long-running operation. The other two finish it:
 *   - the operation succeeds; every step ends once (attempt 1); exactly the steps the dead
 *     console held are reclaimed, once each;
 *   - ARM saw no duplicate write: per resource, as many write requests (Activity Log BeginRequest
 *     events, read over ARM's REST API) as in the baseline — the resumed step polled on, it did
 *     not PUT again;
 *   - the audit trail holds every wizard action and one `setup.provision` per run.
 * Prints both operations' wall time (and attaches them). Worker lease: WORKER_LEASE_SECONDS=10.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadOrCreateStackIdentity } from "../emulator/stack-identity";
import { uniqueSuffix } from "../lib/azure/naming";
import { expect, test } from "./fixtures";
import { armToken, localStack, stackCall } from "./local-azure";
import { provisionThroughWizard } from "./provision-through-wizard";
import { ROLES } from "./roles";
import { startRoundRobinProxy, type RoundRobinProxy } from "./round-robin-proxy";
import { signInAs } from "./sign-in";
import { E2E } from "./stack";

const ROOT = process.cwd();
const LEASE_SECONDS = 10;
const database = `console_replicas_${process.pid}`;
const PROXY_URL = `http://localhost:${E2E.replicasProxyPort}`;
const suffix = Date.now().toString(36).slice(-4);
const RUNS = {
  baseline: { env: `rb${suffix}`, region: "swedencentral" },
  killed: { env: `rk${suffix}`, region: "uksouth" },
} as const;

interface Replica {
  port: number;
  child: ChildProcess;
  output: string[];
}

async function store<T>(work: (c: pg.Client) => Promise<T>, db = database): Promise<T> {
  const c = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: db });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The console's configuration for the e2e stack (what the launcher gives its console), store on PostgreSQL. */
function consoleEnv(port: number, tmp: string, secretsKey: string): NodeJS.ProcessEnv {
  const { stack } = localStack();
  const identity = loadOrCreateStackIdentity(E2E.dataDir);
  return {
    PATH: process.env.PATH,
    HOME: tmp,
    TMPDIR: tmp,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_EXTRA_CA_CERTS: stack.caFile,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    CONSOLE_URL: PROXY_URL,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
    DATABASE_POOL_MAX: "5",
    AUTH_TENANT_ID: stack.tenantId,
    AUTH_AUTHORITY: stack.entra.authority,
    AUTH_SPA_CLIENT_ID: stack.entra.spaClientId,
    AUTH_API_AUDIENCE: identity.apiAudience,
    AUTH_API_SCOPE: stack.entra.apiScope,
    AZURE_SUBSCRIPTION_ID: stack.subscriptionId,
    ARM_ENDPOINT: stack.armEndpoint,
    AZURE_TENANT_ID: stack.tenantId,
    AZURE_CLIENT_ID: identity.consoleApp.clientId,
    AZURE_CLIENT_SECRET: identity.consoleApp.clientSecret,
    AZURE_AUTHORITY_HOST: stack.entra.authorityHost,
    AZURE_DISABLE_INSTANCE_DISCOVERY: "true",
    SECRETS_KEY: secretsKey,
    OPENHANDS_INGRESS_ADDRESS: `http://127.0.0.1:${E2E.ingressPort}`,
    WORKER_LEASE_SECONDS: String(LEASE_SECONDS),
  };
}

/** Write requests ARM recorded in a resource group since `from`: "METHOD operation resource" → count. */
async function armWrites(env: string, from: Date): Promise<Map<string, number>> {
  const { stack } = localStack();
  const token = await armToken();
  const filter = `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${new Date().toISOString()}' and resourceGroupName eq 'rg-openhands-${env}'`;
  let url: string | undefined = `${stack.armEndpoint}/subscriptions/${stack.subscriptionId}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`;
  const sfx = uniqueSuffix(stack.subscriptionId, env);
  const counts = new Map<string, number>();
  while (url) {
    const page = await stackCall("GET", url, undefined, { authorization: `Bearer ${token}` });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    const body = page.body as { value: { eventName: { value: string }; operationName: { value: string }; resourceId: string; httpRequest: { method: string } }[]; nextLink?: string };
    for (const e of body.value) {
      if (e.eventName.value !== "BeginRequest") continue;
      // The two runs differ only in the environment's name and the unique suffix derived from it.
      const resource = e.resourceId.split("/").slice(3).join("/").toLowerCase().replaceAll(`${env}-${sfx}`, "<env>-<sfx>").replaceAll(`${env}${sfx}`, "<env><sfx>").replaceAll(env, "<env>");
      const key = `${e.httpRequest.method} ${e.operationName.value} ${resource}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    url = body.nextLink;
  }
  return counts;
}

async function finished(operationId: string): Promise<{ status: string; wallMs: number }> {
  return until(
    `operation ${operationId} to finish`,
    () =>
      store(async (c) => {
        const r = await c.query<{ status: string; ms: number }>(`SELECT status, (extract(epoch FROM finished_at - created_at) * 1000)::int AS ms FROM operations WHERE id = $1 AND finished_at IS NOT NULL`, [operationId]);
        return r.rows[0] ? { status: r.rows[0].status, wallMs: r.rows[0].ms } : undefined;
      }),
    240_000,
    500,
  );
}

interface StepRow {
  key: string;
  status: string;
  attempt: number;
  reclaims: number;
  lease_owner: string | null;
  error: unknown;
}

const steps = (operationId: string) => store(async (c) => (await c.query<StepRow>(`SELECT key, status, attempt, reclaims, lease_owner, error FROM operation_steps WHERE operation_id = $1 ORDER BY position`, [operationId])).rows);

test.describe("several console replicas on one store", () => {
  test.use({ baseURL: PROXY_URL });
  const work = mkdtempSync(path.join(os.tmpdir(), "console-replicas-"));
  const app = path.join(work, "app");
  const replicas: Replica[] = [];
  let proxy: RoundRobinProxy | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const standalone = path.join(ROOT, ".next", "standalone");
    expect(existsSync(path.join(standalone, "server.js")), "run `next build` first (npm test does): .next/standalone/server.js").toBe(true);
    await store(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${database}`);
    }, "test");
    // The image's layout (Dockerfile runtime stage): standalone output plus its static files.
    cpSync(standalone, app, { recursive: true, verbatimSymlinks: true });
    cpSync(path.join(ROOT, ".next", "static"), path.join(app, ".next", "static"), { recursive: true });
    const secretsKey = randomBytes(32).toString("base64"); // one Secret for all replicas, as in the manifests
    for (const port of E2E.replicaPorts) {
      const tmp = path.join(work, `tmp-${port}`);
      mkdirSync(tmp);
      const child = spawn(process.execPath, ["server.js"], { cwd: app, env: consoleEnv(port, tmp, secretsKey), stdio: ["ignore", "pipe", "pipe"] });
      const replica: Replica = { port, child, output: [] };
      const keep = (d: Buffer) => replica.output.push(...d.toString().split("\n").filter(Boolean).slice(-200));
      child.stdout?.on("data", keep);
      child.stderr?.on("data", keep);
      replicas.push(replica);
    }
    // All three start at once on an empty database: the migrations' advisory lock serialises them.
    for (const r of replicas) {
      await until(`console on ${r.port}`, async () => {
        expect(r.child.exitCode, r.output.join("\n")).toBeNull();
        const health = await fetch(`http://127.0.0.1:${r.port}/api/health`).catch(() => undefined);
        return health?.ok ? true : undefined;
      }, 90_000, 250);
    }
    proxy = await startRoundRobinProxy(E2E.replicasProxyPort, E2E.replicaPorts);
  });

  test.afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
    await proxy?.close();
    // Release the two environments' simulated clusters and quota on the shared local Azure.
    const { stack } = localStack();
    const token = await armToken().catch(() => undefined);
    if (token) for (const { env } of Object.values(RUNS)) await stackCall("DELETE", `${stack.armEndpoint}/subscriptions/${stack.subscriptionId}/resourcegroups/rg-openhands-${env}?api-version=2021-04-01`, undefined, { authorization: `Bearer ${token}` }).catch(() => undefined);
    await store((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`), "test");
    rmSync(work, { recursive: true, force: true });
  });

  test("a session from one replica works on all; a setup whose worker is SIGKILLed mid-step is finished by the others, without a second ARM write", async ({ page }) => {
    test.setTimeout(480_000);
    const testInfo = test.info();

    // Sign in through the proxy; the cookie that some replica issued is valid on every replica.
    await signInAs(page, ROLES.admin.username);
    await expect(page.getByRole("banner")).toContainText(ROLES.admin.name);
    const cookie = (await page.context().cookies(PROXY_URL)).find((c) => c.name === "ohc_session");
    expect(cookie, "session cookie").toBeDefined();
    const unknownOperation = randomUUID();
    for (const port of E2E.replicaPorts) {
      const signedIn = await fetch(`http://127.0.0.1:${port}/api/operations/${unknownOperation}`, { headers: { cookie: `ohc_session=${cookie!.value}` } });
      expect([port, signedIn.status]).toEqual([port, 404]); // authenticated and authorized: only the operation is missing
      const anonymous = await fetch(`http://127.0.0.1:${port}/api/operations/${unknownOperation}`);
      expect([port, anonymous.status]).toEqual([port, 401]);
    }

    // Baseline: setup through the proxy, nobody killed.
    const baselineFrom = new Date();
    const baselineId = await provisionThroughWizard(page, RUNS.baseline.env, RUNS.baseline.region);
    const baseline = await finished(baselineId);
    expect(baseline.status, JSON.stringify(await steps(baselineId), null, 1)).toBe("succeeded");
    const baselineWrites = await armWrites(RUNS.baseline.env, baselineFrom);

    // Killed run: SIGKILL the console whose worker holds the AKS step while it polls ARM.
    const killedFrom = new Date();
    const killedId = await provisionThroughWizard(page, RUNS.killed.env, RUNS.killed.region);
    const killedStartedAt = Date.now();
    const holder = await until(
      "the AKS step to be polling ARM",
      () =>
        store(async (c) => {
          const r = await c.query<{ key: string; lease_owner: string }>(
            `SELECT key, lease_owner FROM operation_steps
             WHERE operation_id = $1 AND key = 'aks' AND status = 'running'
               AND poller_state IS NOT NULL AND poller_state <> '{}'::jsonb`,
            [killedId],
          );
          return r.rows[0];
        }),
      120_000,
      100,
    );
    const pid = Number(holder.lease_owner.split(":").at(-2));
    const victim = replicas.find((r) => r.child.pid === pid);
    expect(victim, `lease owner ${holder.lease_owner} is one of the three consoles`).toBeDefined();
    victim!.child.kill("SIGKILL");
    await new Promise((r) => victim!.child.once("exit", r));
    const killedAt = Date.now();
    // A dead process changes nothing more: these are the steps it held.
    const held = await store(async (c) => (await c.query<{ key: string }>(`SELECT key FROM operation_steps WHERE operation_id = $1 AND lease_owner = $2`, [killedId, holder.lease_owner])).rows.map((r) => r.key));
    expect(held).toContain(holder.key);

    const killed = await finished(killedId);
    const finishedSeenAt = Date.now();
    const rows = await steps(killedId);
    expect(killed.status, JSON.stringify(rows, null, 1)).toBe("succeeded");
    for (const s of rows) {
      expect([s.key, s.status, s.attempt, s.lease_owner]).toEqual([s.key, expect.stringMatching(/^(succeeded|skipped)$/), 1, null]);
      expect([s.key, s.reclaims]).toEqual([s.key, held.includes(s.key) ? 1 : 0]);
    }
    // The page shows it through the proxy (served by the two that live).
    await page.goto(`/operations/${killedId}`);
    await expect(page.locator("[data-operation-status]")).toHaveAttribute("data-operation-status", "succeeded");

    // ARM: per resource, exactly the writes of the baseline run (the resumed step did not PUT again).
    const killedWrites = await armWrites(RUNS.killed.env, killedFrom);
    expect(baselineWrites.size).toBeGreaterThan(5);
    expect(Object.fromEntries([...killedWrites].sort())).toEqual(Object.fromEntries([...baselineWrites].sort()));
    const aksPuts = [...killedWrites].filter(([k]) => k.startsWith("PUT Microsoft.ContainerService/managedClusters/write"));
    expect(aksPuts.map(([, n]) => n)).toEqual([1]);

    // Audit: every wizard action of both runs, one provision per operation, by the admin, no failures.
    const audit = await store(async (c) => (await c.query<{ action: string; target: string; outcome: string; actor_name: string }>(`SELECT action, target, outcome, actor_name FROM audit_events ORDER BY id`)).rows);
    const count = (action: string) => audit.filter((a) => a.action === action).length;
    expect(count("auth.signIn")).toBe(1);
    for (const action of ["setup.start", "setup.environment.save", "setup.sizing.save", "setup.identity.save", "setup.openhands.save"]) expect([action, count(action)]).toEqual([action, 2]);
    expect(count("setup.preflight.run")).toBeGreaterThanOrEqual(2);
    expect(audit.filter((a) => a.action === "setup.provision").map((a) => a.target)).toEqual([`operation/${baselineId}`, `operation/${killedId}`]);
    expect(audit.filter((a) => a.outcome !== "success")).toEqual([]);
    expect(new Set(audit.map((a) => a.actor_name))).toEqual(new Set([ROLES.admin.name]));

    const served = Object.fromEntries(proxy!.served);
    const report = [
      `setup wall time, no replica killed: ${(baseline.wallMs / 1000).toFixed(1)} s`,
      `setup wall time, the AKS step's replica SIGKILLed while polling (lease ${LEASE_SECONDS} s): ${(killed.wallMs / 1000).toFixed(1)} s (+${((killed.wallMs - baseline.wallMs) / 1000).toFixed(1)} s)`,
      `steps the killed replica held, each taken over once: ${held.join(", ")}`,
      `killed ${((killedAt - killedStartedAt) / 1000).toFixed(1)} s after Provision; finish observed ${((finishedSeenAt - killedAt) / 1000).toFixed(1)} s after the kill`,
      `ARM write requests per run: ${[...killedWrites.values()].reduce((a, b) => a + b, 0)} (baseline ${[...baselineWrites.values()].reduce((a, b) => a + b, 0)})`,
      `requests served per replica port: ${JSON.stringify(served)}`,
    ].join("\n");
    console.log(report);
    await testInfo.attach("replicas.txt", { body: `${report}\n`, contentType: "text/plain" });
    for (const port of E2E.replicaPorts) expect(served[port], `replica ${port} served requests`).toBeGreaterThan(0);
  });
});
