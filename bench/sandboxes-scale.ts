/**
 * Sandboxes page at scale: 1,000,000 conversation_metadata rows (COPY through psql into a scratch
 * database `sandboxes_bench` on 127.0.0.1:5432, OpenHands' schema and only its own indexes) and
 * 5,000 sandbox pods in a simulated AKS cluster served by the Kubernetes API emulator. Times each
 * query and the page's two data loaders (p50/p95 over several runs) and prints the index each
 * query's plan uses. Before/after: pods through client-node's typed client (the old path) and as
 * plain JSON (kube-list.ts); usage straight from conversation_metadata and from the console
 * store's rollup (scratch store database `sandboxes_bench_store`), with the rollup's first fill
 * and an incremental refresh timed. Run: npx tsx bench/sandboxes-scale.ts [--rows 1000000] [--pods 5000] [--runs 5]
 * Port 48652 (Kubernetes API). Drops the scratch database at the end (--keep to keep it).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import pg from "pg";
import { createCluster, kubeconfigFor, startKubeApiServer } from "../emulator/kubernetes";
import { applyDefaults } from "../emulator/kubernetes/admission";
import { typeOf } from "../emulator/kubernetes/resources";
import type { KubeObject } from "../emulator/kubernetes/types";
import { ensureLocalCa, localhostCert } from "../emulator/tls/local-ca";
import { conversationsByIds, windowConversationsByUser } from "../lib/openhands/sandboxes/conversations";
import { coreApi, listNodeCapacity, listSandboxPods, podView, schedulingMessages } from "../lib/openhands/sandboxes/kube";
import { forgetSandboxPods, stopAllSandboxPodCaches } from "../lib/openhands/sandboxes/pod-cache";
import { inventoryView, usageView } from "../lib/openhands/sandboxes/page-data";
import { catchUpUsageRollup, refreshUsageRollup } from "../lib/openhands/sandboxes/usage-rollup";
import { migrate } from "../lib/store/migrate";
import { conversationBatches, conversationPage, usageByGroup, usageTotals } from "../lib/openhands/sandboxes/usage";
import { parseUsageFilters } from "../lib/openhands/sandboxes/usage-filters";
import { benchArg } from "./bench-stack";

const ROWS = benchArg("rows", 1_000_000);
const PODS = benchArg("pods", 5000);
const RUNS = benchArg("runs", 5);
const PORT = Number(process.env.BENCH_PORT ?? 48652);
const KEEP = process.argv.includes("--keep");
const DB = "sandboxes_bench";
const STORE_DB = "sandboxes_bench_store";
const NS = "openhands-sandboxes";
const TOKEN = "sandboxes-bench-token";
const USERS = 2000;
const MODELS = ["litellm_proxy/claude-sonnet-4-5-20250929", "litellm_proxy/gpt-5-2025-08-07", "litellm_proxy/claude-opus-4-1-20250805", "litellm_proxy/gemini-2.5-pro"];
const DAYS = 120;
const DAY = 86_400_000;
const NOW = Date.now();

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const userId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
const conversationId = (i: number) => i.toString(16).padStart(32, "0");

function stats(ms: number[]): { p50: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { p50: q(0.5), p95: q(0.95) };
}

async function timed(label: string, fn: () => Promise<string>): Promise<void> {
  const times: number[] = [];
  let note = "";
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    note = await fn();
    times.push(performance.now() - t0);
  }
  const { p50, p95 } = stats(times);
  console.log(`${label.padEnd(52)} p50 ${p50.toFixed(1).padStart(8)} ms  p95 ${p95.toFixed(1).padStart(8)} ms  ${note}`);
}

/** Rows as CSV into `COPY … FROM STDIN` through psql (pg has no COPY stream without another package). */
async function copyRows(): Promise<void> {
  const cols = "conversation_id,user_id,title,created_at,last_updated_at,trigger,accumulated_cost,prompt_tokens,completion_tokens,total_tokens,llm_model,conversation_version,sandbox_id";
  const psql = spawn("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-v", "ON_ERROR_STOP=1", "-q", "-c", `COPY conversation_metadata (${cols}) FROM STDIN WITH (FORMAT csv)`], { stdio: ["pipe", "inherit", "inherit"] });
  const done = new Promise<void>((resolve, reject) => psql.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY exited ${code}`)))));
  const r = rng(42);
  let buf = "";
  for (let i = 0; i < ROWS; i++) {
    // Newest rows first in id order: the last PODS ids are the live sessions (created in the last hours).
    const created = i >= ROWS - PODS ? NOW - r() * 6 * 3_600_000 : NOW - r() * DAYS * DAY;
    const updated = created + r() * 45 * 60_000;
    const prompt = Math.floor(r() * 400_000);
    const completion = Math.floor(prompt * 0.08);
    const cost = (prompt * 3 + completion * 15) / 1e6;
    buf += `${conversationId(i)},${userId(Math.floor(r() * r() * USERS))},"Task ${i % 97}, ""auto""",${new Date(created).toISOString()},${new Date(Math.min(updated, NOW)).toISOString()},gui,${cost.toFixed(6)},${prompt},${completion},${prompt + completion},${MODELS[Math.floor(r() * MODELS.length)]},V1,${conversationId(i)}\n`;
    if (buf.length > 1 << 20) {
      if (!psql.stdin.write(buf)) await new Promise((res) => psql.stdin.once("drain", res));
      buf = "";
    }
  }
  psql.stdin.end(buf);
  await done;
}

async function planIndexes(db: pg.Pool, sql: string, params: unknown[]): Promise<string> {
  const r = await db.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const found = new Set<string>();
  const walk = (n: Record<string, unknown>) => {
    if (typeof n["Index Name"] === "string") found.add(`${n["Node Type"]} ${n["Index Name"]}`);
    else if (n["Node Type"] === "Seq Scan") found.add(`Seq Scan ${n["Relation Name"]}`);
    for (const c of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(c);
  };
  walk((r.rows[0]!["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return [...found].join(", ");
}

/** The old inventory read: client-node's typed list (ObjectSerializer), pages of 500. */
async function listPodsTyped(api: k8s.CoreV1Api, namespace: string): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const page = await api.listNamespacedPod({ namespace, labelSelector: "app=openhands-runtime", limit: 500, _continue: token });
    for (const p of page.items) if (podView(p)) n++;
    token = page.metadata?._continue || undefined;
  } while (token);
  return n;
}

function sandboxPod(i: number, stuck: boolean): KubeObject {
  const session = conversationId(ROWS - PODS + i);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `openhands-runtime-${session}`, namespace: NS, uid: "", resourceVersion: "", creationTimestamp: "", labels: { app: "openhands-runtime", session, "openhands.dev/user": userId(i % USERS) } },
    spec: {
      restartPolicy: "Never",
      nodeSelector: { "openhands.dev/sandbox": "true" },
      tolerations: [{ key: "openhands.dev/sandbox", operator: "Equal", value: "true", effect: "NoSchedule" }],
      containers: [{ name: "agent-server", image: "ghcr.io/openhands/agent-server:1.41.0-python", resources: { requests: { cpu: "100m", memory: stuck ? "512Gi" : "256Mi" }, limits: { memory: stuck ? "512Gi" : "256Mi" } } }],
    },
  } as KubeObject;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "sandboxes-bench-"));
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
await admin.query(`DROP DATABASE IF EXISTS ${STORE_DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${STORE_DB}`);
const store = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: STORE_DB, max: 5 });
store.on("error", () => {});
const db = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: DB, max: 3 });
// DROP DATABASE … WITH (FORCE) at the end terminates idle connections: expected, not a failure.
db.on("error", () => {});
const cert = localhostCert(ensureLocalCa(dir));
const cluster = createCluster({
  name: "aks-sandboxes-bench",
  kubernetesVersion: "1.32.4",
  timeScale: 1000,
  pools: [
    { name: "system", count: 1, vmSize: "Standard_D4s_v5", mode: "System" },
    { name: "sandbox", count: Math.ceil(PODS / 100) + 1, vmSize: "Standard_D16s_v5", maxPods: 110, nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] },
  ],
});
const server = await startKubeApiServer(cluster, { port: PORT, tls: cert, token: TOKEN });
try {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs; ${RUNS} runs per measurement`);
  await db.query(readFileSync(path.resolve("emulator/simulation/openhands-schema.sql"), "utf8"));
  let t0 = performance.now();
  await copyRows();
  console.log(`COPY ${ROWS.toLocaleString("en-US")} conversation rows: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  await db.query("VACUUM ANALYZE conversation_metadata");
  const size = await db.query<{ s: string }>("SELECT pg_size_pretty(pg_total_relation_size('conversation_metadata')) AS s");
  console.log(`VACUUM ANALYZE: ${((performance.now() - t0) / 1000).toFixed(1)} s; table + indexes ${size.rows[0]!.s}`);

  // 5,000 sandbox pods: 1% stuck (512Gi never fits), the rest scheduled on the sandbox pool.
  t0 = performance.now();
  const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: NS, uid: "", resourceVersion: "", creationTimestamp: "" }, spec: {} } as KubeObject;
  applyDefaults(ns);
  cluster.store.create(typeOf("Namespace"), ns);
  const stuckEvery = 100;
  for (let i = 0; i < PODS; i++) {
    const pod = sandboxPod(i, i % stuckEvery === 0);
    applyDefaults(pod);
    cluster.store.create(typeOf("Pod"), pod);
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: TOKEN, user: "bench" }));
  const api = coreApi(kc);
  for (;;) {
    const ready = cluster.store.list(typeOf("Pod"), NS).filter((p) => (p as { status?: { phase?: string } }).status?.phase === "Running").length;
    if (ready >= PODS - Math.ceil(PODS / stuckEvery)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`${PODS} sandbox pods (${Math.ceil(PODS / stuckEvery)} stuck) on ${cluster.nodes().length} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  console.log("\nKubernetes API (pages of 500):");
  let sessions: string[] = [];
  await timed("list sandbox pods, before: client-node typed", async () => `${await listPodsTyped(api, NS)} pods`);
  await timed("list sandbox pods, after: plain JSON", async () => {
    const pods = await listSandboxPods(kc, NS);
    sessions = pods.map((p) => p.labels.session!);
    return `${pods.length} pods`;
  });
  await timed("list nodes (allocatable per pool)", async () => `${(await listNodeCapacity(kc)).length} nodes`);
  await timed("FailedScheduling events", async () => `${(await schedulingMessages(kc, NS)).size} pods with a message`);

  console.log(`\nPostgreSQL, ${ROWS.toLocaleString("en-US")} rows (indexes: OpenHands' own only):`);
  const week = parseUsageFilters({}, NOW).filters;
  const quarter = parseUsageFilters({ from: new Date(NOW - 90 * DAY).toISOString().slice(0, 10) }, NOW).filters;
  const since = new Date(NOW - 10 * DAY);
  console.log(`  plans: sessions → ${await planIndexes(db, "SELECT * FROM conversation_metadata WHERE conversation_id = ANY($1::varchar[])", [sessions])}`);
  console.log(`         paused window → ${await planIndexes(db, "SELECT user_id, count(*) FROM conversation_metadata WHERE created_at >= $1 GROUP BY user_id", [since])}`);
  console.log(`         7-day totals → ${await planIndexes(db, "SELECT count(*), sum(accumulated_cost) FROM conversation_metadata WHERE created_at >= $1 AND created_at < $2", [week.from, week.to])}`);
  console.log(`         90-day totals → ${await planIndexes(db, "SELECT count(*), sum(accumulated_cost) FROM conversation_metadata WHERE created_at >= $1 AND created_at < $2", [quarter.from, quarter.to])}`);
  console.log(`         user filter → ${await planIndexes(db, "SELECT count(*) FROM conversation_metadata WHERE created_at >= $1 AND created_at < $2 AND user_id = $3", [quarter.from, quarter.to, userId(7)])}`);
  await timed(`conversation rows of ${PODS} pods (primary key)`, async () => `${(await conversationsByIds(db, sessions)).size} rows`);
  await timed("conversations per user, 10-day paused window", async () => `${[...(await windowConversationsByUser(db, since)).values()].reduce((a, b) => a + b, 0)} conversations`);
  for (const [name, f] of [["7 days", week], ["90 days", quarter]] as const) {
    await timed(`totals, ${name}`, async () => `${(await usageTotals(db, f)).conversations} conversations`);
    await timed(`per user, page 1, ${name}`, async () => `${(await usageByGroup(db, f, "user")).total} users`);
    await timed(`per model, ${name}`, async () => `${(await usageByGroup(db, f, "model")).total} models`);
    await timed(`per day, ${name}`, async () => `${(await usageByGroup(db, f, "day", 366)).total} days`);
    await timed(`conversations, page 1, ${name}`, async () => `${(await conversationPage(db, f, 0)).rows.length} rows`);
  }
  await timed("per user, page 40, 90 days", async () => `${(await usageByGroup(db, { ...quarter, page: 40 }, "user")).rows.length} rows`);
  await timed("one user, 90 days (user_id index)", async () => `${(await usageTotals(db, { ...quarter, user: userId(7) })).conversations} conversations`);
  await timed("one model, 90 days", async () => `${(await usageTotals(db, { ...quarter, model: MODELS[0] })).conversations} conversations`);

  console.log("\nCSV export (keyset batches of 5,000):");
  await timed("conversations, 7 days", async () => {
    let n = 0;
    for await (const b of conversationBatches(db, week)) n += b.length;
    return `${n} rows`;
  });

  console.log("\nPage data loaders (what the Sandboxes page awaits):");
  const inventoryNote = (v: Awaited<ReturnType<typeof inventoryView>>) => `running ${v.inventory.counts.running}, pending ${v.inventory.counts.pending}, paused ${v.inventory.counts.paused}, flagged ${v.flagged.total}`;
  await timed("inventory section, cold (pod list, no watch cache)", async () => {
    forgetSandboxPods(kc, NS);
    return inventoryNote(await inventoryView(kc, db, NS, {}));
  });
  await inventoryView(kc, db, NS, {});
  await timed("inventory section (pods from the watch cache)", async () => inventoryNote(await inventoryView(kc, db, NS, {})));
  const quarterFrom = quarter.from.toISOString().slice(0, 10);
  await timed("usage section, default (7 days, per user)", async () => `${(await usageView(db, {}, NOW)).totals.conversations} conversations`);
  await timed("usage section, 90 days, per day", async () => `${(await usageView(db, { from: quarterFrom, group: "day" }, NOW)).totals.conversations} conversations`);
  await timed("usage section, 90 days, conversations page 1", async () => `${(await usageView(db, { from: quarterFrom, group: "conversation" }, NOW)).conversations?.rows.length} rows`);

  console.log("\nUsage rollup in the console store (migration 0010):");
  await migrate(store);
  const env = (await store.query<{ id: string }>("INSERT INTO environments (name, subscription_id, region, resource_group, created_by) VALUES ('bench', gen_random_uuid(), 'westeurope', 'rg-bench', 'bench') RETURNING id")).rows[0]!.id;
  t0 = performance.now();
  await catchUpUsageRollup(store, db, env);
  const rolled = await store.query<{ n: string; d: string; u: string }>("SELECT (SELECT count(*) FROM usage_rollup) AS n, (SELECT count(*) FROM usage_rollup_days) AS d, (SELECT count(*) FROM usage_rollup_users) AS u");
  console.log(`first fill (whole history, 14 days per refresh): ${((performance.now() - t0) / 1000).toFixed(1)} s; ${rolled.rows[0]!.n} user/model/day rows, ${rolled.rows[0]!.d} day/model rows, ${rolled.rows[0]!.u} user/model multiranges`);
  await store.query("VACUUM ANALYZE usage_rollup, usage_rollup_days, usage_rollup_users");
  let touched = 0;
  await timed("incremental refresh, 1,020 conversations updated", async () => {
    // As in use: 1,000 conversations of the last two days grow their cost, and 20 old ones
    // (spread over the history) are resumed.
    await db.query("UPDATE conversation_metadata SET accumulated_cost = accumulated_cost + 0.01, last_updated_at = now() WHERE conversation_id IN (SELECT conversation_id FROM conversation_metadata WHERE created_at >= now() - interval '2 days' ORDER BY random() LIMIT 1000)");
    await db.query("UPDATE conversation_metadata SET accumulated_cost = accumulated_cost + 0.5, last_updated_at = now() WHERE conversation_id IN (SELECT conversation_id FROM conversation_metadata TABLESAMPLE SYSTEM (0.01) LIMIT 20)");
    const r = await refreshUsageRollup(store, db, env);
    touched = r.daysRecomputed;
    return `${touched} days recomputed`;
  });
  const rollup = { store, environmentId: env };
  await timed("usage section via rollup, default (7 days, per user)", async () => `${(await usageView(db, {}, NOW, rollup)).totals.conversations} conversations`);
  await timed("usage section via rollup, 90 days, per day", async () => {
    const v = await usageView(db, { from: quarterFrom, group: "day" }, NOW, rollup);
    return `${v.totals.conversations} conversations, ${v.totals.users} users (${v.source})`;
  });
  await timed("usage section via rollup, 90 days, per model", async () => `${(await usageView(db, { from: quarterFrom, group: "model" }, NOW, rollup)).groups?.rows.length} models`);
  await timed("usage section via rollup, 90 days, per user page 1", async () => `${(await usageView(db, { from: quarterFrom, group: "user" }, NOW, rollup)).groups?.total} users`);
  await timed("usage section via rollup, 90 days, conversations p1", async () => `${(await usageView(db, { from: quarterFrom, group: "conversation" }, NOW, rollup)).conversations?.rows.length} rows`);
  await timed("inventory section via rollup (cached pods, paused window)", async () => inventoryNote(await inventoryView(kc, db, NS, {}, rollup)));
  await timed("usage section via rollup, 90 days, one user", async () => `${(await usageView(db, { from: quarterFrom, user: userId(7) }, NOW, rollup)).totals.conversations} conversations`);
  console.log(`\nload average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
} finally {
  stopAllSandboxPodCaches();
  await server.close();
  cluster.close();
  await db.end();
  await store.end();
  if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${STORE_DB} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
