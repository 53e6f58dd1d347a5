/**
 * The Sandboxes page's server side end to end: a simulated AKS cluster served by the Kubernetes
 * API emulator (real client-node over TLS with a local-CA cert), real PostgreSQL with OpenHands'
 * schema (database sandboxes_it) and the console store (sandboxes_it_store), real local Entra
 * tokens. Inventory counts and flags, usage aggregation and paging, the CSV route, and the stop
 * action: Operator stops orphaned and idle sandboxes (audited), Reader cannot, a busy sandbox and
 * non-sandboxes are refused and left alone. Ports 48650–48651.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { createCluster, kubeconfigFor, startKubeApiServer, type RunningKubeApiServer, type SimulatedCluster } from "@/emulator/kubernetes";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { ensureLocalCa, localhostCert } from "@/emulator/tls/local-ca";
import { executeAction, type ExecutionContext } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { handleRoute } from "@/lib/auth/route";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { sandboxInventory } from "@/lib/openhands/sandboxes/inventory";
import { inventoryView, usageView } from "@/lib/openhands/sandboxes/page-data";
import { SANDBOX_RULES } from "@/lib/openhands/sandboxes/rules";
import { conversationBatches, usageByGroup, usageTotals } from "@/lib/openhands/sandboxes/usage";
import { parseUsageFilters } from "@/lib/openhands/sandboxes/usage-filters";
import { migrate } from "@/lib/store/migrate";
import { usageExport } from "@/app/api/sandboxes/usage/usage-export";
import { sandboxActions } from "./sandbox-actions";

const ENTRA_PORT = 48650;
const KUBE_PORT = 48651;
const TOKEN = "sandboxes-it-kube-token";
const NS = "openhands-sandboxes";
const DB = "sandboxes_it";
const STORE_DB = "sandboxes_it_store";
const MIN = 60_000;

const dir = mkdtempSync(path.join(os.tmpdir(), "sandboxes-it-"));
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let openhands: pg.Pool;
let store: pg.Pool;
let cluster: SimulatedCluster;
let api: RunningKubeApiServer;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let entra: RunningEntra;
let verify: TokenVerifier;

const now = Date.now();
const at = (minutesAgo: number) => new Date(now - minutesAgo * MIN);

async function as(user: "operator" | "reader") {
  return signTestToken(dir, userAccessTokenClaims(dir, entra.issuer, user));
}
function ctx(token: string): ExecutionContext {
  return { token, requestId: `req-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(store), verify };
}
const actions = sandboxActions({
  environment: async (name) => (name === "it" ? { name, namespace: NS, kubeConfig: async () => kc, database: async () => openhands } : null),
});

function runtimePod(session: string, user: string, opts: { memory?: string; labels?: Record<string, string>; namespace?: string } = {}): k8s.V1Pod {
  return {
    metadata: { name: `openhands-runtime-${session}`, namespace: opts.namespace ?? NS, labels: opts.labels ?? { app: "openhands-runtime", session, "openhands.dev/user": user } },
    spec: {
      restartPolicy: "Never",
      nodeSelector: { "openhands.dev/sandbox": "true" },
      tolerations: [{ key: "openhands.dev/sandbox", operator: "Equal", value: "true", effect: "NoSchedule" }],
      containers: [{ name: "agent-server", image: "ghcr.io/openhands/agent-server:1.41.0-python", resources: { requests: { cpu: "500m", memory: opts.memory ?? "3072Mi" }, limits: { memory: opts.memory ?? "3072Mi" } } }],
    },
  };
}

async function conversation(id: string, user: string, o: { created: Date; updated: Date; cost: number; model: string; prompt?: number; completion?: number; title?: string }) {
  await openhands.query(
    `INSERT INTO conversation_metadata (conversation_id, user_id, title, created_at, last_updated_at, accumulated_cost, prompt_tokens, completion_tokens, total_tokens, llm_model, conversation_version, sandbox_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'V1',$1)`,
    [id, user, o.title ?? "Fix tests", o.created, o.updated, o.cost, o.prompt ?? 1000, o.completion ?? 100, (o.prompt ?? 1000) + (o.completion ?? 100), o.model],
  );
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function podExists(name: string, namespace = NS): Promise<boolean> {
  try {
    const p = await core.readNamespacedPod({ name, namespace });
    return !p.metadata?.deletionTimestamp;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await admin.connect();
  for (const db of [DB, STORE_DB]) {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${db}`);
  }
  openhands = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: DB, max: 3 });
  openhands.on("error", () => {});
  await openhands.query(readFileSync(path.resolve("emulator/simulation/openhands-schema.sql"), "utf8"));
  store = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: STORE_DB, max: 3 });
  store.on("error", () => {});
  await migrate(store);

  entra = await startEntra({ dataDir: dir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
  const identity = loadOrCreateStackIdentity(dir);
  // The credential seam: here a signed token stands in for the session (the console uses sessionVerifier).
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });

  cluster = createCluster({
    name: "aks-sandboxes-it",
    kubernetesVersion: "1.32.4",
    timeScale: 100,
    pools: [
      { name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" },
      { name: "sandbox", count: 2, vmSize: "Standard_D8s_v3", nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] },
    ],
  });
  const cert = localhostCert(ensureLocalCa(dir));
  api = await startKubeApiServer(cluster, { port: KUBE_PORT, tls: cert, token: TOKEN });
  kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigFor(cluster, { server: api.url, caPem: cert.ca, token: TOKEN, user: "clusterUser_rg-it_aks-it" }));
  core = kc.makeApiClient(k8s.CoreV1Api);

  await core.createNamespace({ body: { metadata: { name: NS } } });
  // busy: live conversation; idle: silent 30 min; old: silent 3 h (orphaned); ghost: no row (orphaned); stuck: 512Gi.
  await conversation("busy", "alice", { created: at(40), updated: at(0), cost: 1.5, model: "m/sonnet" });
  await conversation("idle", "alice", { created: at(90), updated: at(30), cost: 0.5, model: "m/gpt" });
  await conversation("old", "bob", { created: at(300), updated: at(180), cost: 2, model: "m/sonnet" });
  await conversation("stuck", "bob", { created: at(6), updated: at(6), cost: 0, model: "m/sonnet" });
  // Paused: conversations of the window without pods (two for carol); one too old to count.
  await conversation("p1", "carol", { created: at(60 * 24), updated: at(60 * 23), cost: 3, model: "m/gpt", title: 'Say "hi", then =SUM(A1)' });
  await conversation("p2", "carol", { created: at(60 * 48), updated: at(60 * 47), cost: 4, model: "m/opus" });
  await conversation("ancient", "dave", { created: at(60 * 24 * 12), updated: at(60 * 24 * 12), cost: 9, model: "m/opus" });
  for (const [s, u] of [["busy", "alice"], ["idle", "alice"], ["old", "bob"], ["ghost", "erin"]] as const) await core.createNamespacedPod({ namespace: NS, body: runtimePod(s, u) });
  await core.createNamespacedPod({ namespace: NS, body: runtimePod("stuck", "bob", { memory: "512Gi" }) });
  await core.createNamespacedPod({ namespace: NS, body: runtimePod("plain", "x", { labels: { app: "something-else" } }) });
  await core.createNamespacedPod({ namespace: "default", body: runtimePod("elsewhere", "x", { namespace: "default" }) });
  await until("sandbox pods Ready", async () => {
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: "app=openhands-runtime" });
    return pods.items.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length === 4;
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  cluster?.close();
  await entra?.close();
  await openhands?.end();
  await store?.end();
  for (const db of [DB, STORE_DB]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

describe("live inventory", () => {
  it("counts by state, flags stuck, orphaned and idle with why, and sums requests per pool against allocatable", async () => {
    const inv = await sandboxInventory(kc, { namespace: NS, database: openhands, rules: { ...SANDBOX_RULES, stuckPendingMinutes: 0 } });
    expect(inv.counts).toEqual({ running: 4, pending: 1, paused: 2, error: 0, terminating: 0, total: 7 });
    const flags = Object.fromEntries(inv.sandboxes.map((s) => [s.conversationId, s.flags.map((f) => f.kind)]));
    expect(flags).toEqual({ busy: [], idle: ["idle"], old: ["orphaned"], ghost: ["orphaned"], stuck: ["stuck"] });
    const stuck = inv.flagged.find((s) => s.conversationId === "stuck")!;
    expect(stuck.flags[0]!.why).toMatch(/the scheduler says: 0\/3 nodes are available/);
    expect(inv.flagged.map((s) => s.flags[0]!.kind)).toEqual(["stuck", "orphaned", "orphaned", "idle"]);
    expect(inv.sandboxes.find((s) => s.conversationId === "idle")!.idleMs).toBeGreaterThanOrEqual(30 * MIN);

    const nodes = (await core.listNode()).items.filter((n) => n.metadata?.labels?.agentpool === "sandbox");
    const sandboxPool = inv.byPool.find((p) => p.pool === "sandbox")!;
    expect(sandboxPool).toMatchObject({ nodes: 2, running: 4, cpuRequestMillis: 2000, memoryRequestBytes: 4 * 3072 * 2 ** 20, memoryLimitBytes: 4 * 3072 * 2 ** 20 });
    const allocCpu = nodes.reduce((s, n) => s + Number(String(n.status!.allocatable!.cpu).replace("m", "")) * (String(n.status!.allocatable!.cpu).endsWith("m") ? 1 : 1000), 0);
    expect(sandboxPool.allocatableCpuMillis).toBe(allocCpu);
    expect(inv.byPool.find((p) => p.pool === "(unscheduled)")).toMatchObject({ pending: 1, memoryRequestBytes: 512 * 2 ** 30 });
    expect(inv.byUser.find((u) => u.userId === "carol")).toMatchObject({ paused: 2, total: 2 });
    expect(inv.byUser.find((u) => u.userId === "alice")).toMatchObject({ running: 2, total: 2 });
  });

  it("without the database: pods only, paused 0, no idle/orphan judgement", async () => {
    const inv = await sandboxInventory(kc, { namespace: NS });
    expect(inv.conversationsRead).toBe(false);
    expect(inv.counts).toMatchObject({ running: 4, pending: 1, paused: 0 });
    expect(inv.flagged.every((s) => s.flags.every((f) => f.kind === "stuck"))).toBe(true);
  });

  it("pages the lists the page shows", async () => {
    const view = await inventoryView(kc, openhands, NS, { state: "running", spage: "1" });
    expect(view.sandboxes.total).toBe(4);
    expect(view.sandboxes.rows.every((s) => s.state === "running")).toBe(true);
  });
});

describe("usage and cost", () => {
  const range = parseUsageFilters({ from: new Date(now - 14 * 86_400_000).toISOString().slice(0, 10) }, now).filters;

  it("aggregates per user, model and day in the database, with filters and pages", async () => {
    expect(await usageTotals(openhands, range)).toMatchObject({ conversations: 7, users: 4, cost: 20 });
    const byUser = await usageByGroup(openhands, range, "user", 2);
    expect(byUser.total).toBe(4);
    expect(byUser.rows.map((r) => [r.key, r.cost])).toEqual([["dave", 9], ["carol", 7]]);
    const page2 = await usageByGroup(openhands, { ...range, page: 2 }, "user", 2);
    // alice and bob both spent 2: ties go by user id.
    expect(page2.rows.map((r) => r.key)).toEqual(["alice", "bob"]);
    const past = await usageByGroup(openhands, { ...range, page: 9 }, "user", 2);
    expect(past).toMatchObject({ rows: [], total: 4 });
    const byModel = await usageByGroup(openhands, { ...range, user: "alice" }, "model");
    expect(byModel.rows.map((r) => [r.key, r.conversations, r.cost])).toEqual([["m/sonnet", 1, 1.5], ["m/gpt", 1, 0.5]]);
    expect(await usageTotals(openhands, { ...range, model: "m/opus" })).toMatchObject({ conversations: 2, cost: 13 });
    const view = await usageView(openhands, { from: range.from.toISOString().slice(0, 10), group: "day" }, now);
    expect(view.days.reduce((s, d) => s + d.cost, 0)).toBeCloseTo(20);
    expect(view.models.sort()).toEqual(["m/gpt", "m/opus", "m/sonnet"]);
  });

  it("exports every conversation once in keyset batches, even with microsecond timestamps", async () => {
    await openhands.query(`UPDATE conversation_metadata SET created_at = created_at + interval '123 microseconds'`);
    const seen: string[] = [];
    for await (const batch of conversationBatches(openhands, range, 2)) seen.push(...batch.map((r) => r.conversationId));
    expect(seen.sort()).toEqual(["ancient", "busy", "idle", "old", "p1", "p2", "stuck"]);
  });

  it("serves the CSV route to a reader, quoted and filtered; refuses bad filters with 400", async () => {
    const def = usageExport({ database: async () => ({ name: "it", db: openhands }) });
    const reader = await as("reader");
    const from = range.from.toISOString().slice(0, 10);
    const res = await handleRoute(def, new Request(`http://console.test/api/sandboxes/usage?group=conversation&user=carol&from=${from}`, { headers: { cookie: `ohc_session=${reader}` } }), { audit: storeAuditWriter(store), verify });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="openhands-usage-it-conversation-/);
    const lines = (await res.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("conversation_id,user_id,llm_model,title,created_at,last_updated_at,accumulated_cost,prompt_tokens,completion_tokens,total_tokens");
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith("p1,"))).toContain(`,"Say ""hi"", then =SUM(A1)",`);
    const grouped = await handleRoute(def, new Request(`http://console.test/api/sandboxes/usage?group=model&from=${from}`, { headers: { cookie: `ohc_session=${reader}` } }), { audit: storeAuditWriter(store), verify });
    expect((await grouped.text()).split("\r\n")[1]).toMatch(/^m\/opus,2,2,13\.000000,/);
    const bad = await handleRoute(def, new Request(`http://console.test/api/sandboxes/usage?from=yesterday`, { headers: { cookie: `ohc_session=${reader}` } }), { audit: storeAuditWriter(store), verify });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_input", message: 'From: "yesterday" is not a date (expected YYYY-MM-DD).' } });
    const anonymous = await handleRoute(def, new Request(`http://console.test/api/sandboxes/usage`), { audit: storeAuditWriter(store), verify });
    expect(anonymous.status).toBe(401);
  });
});

describe("stop action", () => {
  const pod = (s: string) => `openhands-runtime-${s}`;

  it("refuses the reader (audited as denied) and leaves the pod", async () => {
    const r = await executeAction(actions.stop, ctx(await as("reader")), { environment: "it", pod: pod("ghost") });
    expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await podExists(pod("ghost"))).toBe(true);
  });

  it("refuses a busy sandbox, a pod without the runtime label and one outside the sandbox namespace", async () => {
    const operator = await as("operator");
    const busy = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: pod("busy") });
    expect(busy).toMatchObject({ ok: false, error: { code: "sandbox_in_use" } });
    if (!busy.ok) expect(busy.error.message).toMatch(/neither idle for 20 min nor orphaned/);
    const plain = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: pod("plain") });
    expect(plain).toMatchObject({ ok: false, error: { code: "not_a_sandbox" } });
    const elsewhere = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: pod("elsewhere"), namespace: "default" });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: "not_a_sandbox" } });
    const missing = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: pod("nope") });
    expect(missing).toMatchObject({ ok: false, error: { code: "not_found" } });
    const badName = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: "../etc" });
    expect(badName).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    for (const [name, ns] of [[pod("busy"), NS], [pod("plain"), NS], [pod("elsewhere"), "default"]] as const) expect(await podExists(name, ns)).toBe(true);
  });

  it("lets the operator stop an orphaned and an idle sandbox, with a grace period, audited with the reason", async () => {
    const operator = await as("operator");
    const orphan = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: pod("ghost") });
    expect(orphan).toMatchObject({ ok: true, data: { pod: pod("ghost"), reason: "orphaned" } });
    const idle = await executeAction(actions.stop, ctx(operator), { environment: "it", pod: pod("idle") });
    expect(idle).toMatchObject({ ok: true, data: { reason: "idle" } });
    await until("stopped pods gone", async () => !(await podExists(pod("ghost"))) && !(await podExists(pod("idle"))));
    expect(await podExists(pod("busy"))).toBe(true);

    const audit = await store.query<{ action: string; target: string; outcome: string; actor_name: string; changes: Record<string, { new?: string }> | null; detail: string | null }>(
      "SELECT action, target, outcome, actor_name, changes, detail FROM audit_events WHERE action = 'sandbox.stop' ORDER BY id",
    );
    expect(audit.rows.map((r) => [r.target, r.outcome])).toEqual([
      ["sandbox.stop", "denied"],
      [`sandbox/it/${pod("busy")}`, "failure"],
      [`sandbox/it/${pod("plain")}`, "failure"],
      [`sandbox/it/${pod("elsewhere")}`, "failure"],
      [`sandbox/it/${pod("nope")}`, "failure"],
      [`sandbox/it/${pod("ghost")}`, "success"],
      [`sandbox/it/${pod("idle")}`, "success"],
    ]);
    const ghost = audit.rows[5]!;
    expect(ghost.changes?.reason?.new).toMatch(/^orphaned: No conversation ghost/);
    expect(ghost.changes?.user?.new).toBe("erin");
    expect(audit.rows[1]!.detail).toMatch(/^sandbox_in_use: /);
  });
});
