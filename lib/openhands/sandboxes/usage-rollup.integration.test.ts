/**
 * The usage rollup against real databases: OpenHands' schema in a scratch database on the real
 * PostgreSQL (the source, read only) and the console store on both backends (real PostgreSQL and
 * PGlite). After every step the rollup must equal a full SQL sum over the source — per day, user
 * and model, per day and model, and distinct users over ranges — exactly (cost is summed as
 * numeric on both sides). Steps: a first fill in several backfill steps, conversations updated
 * after being counted (cost grows, model changes), late rows (an old day, and one whose
 * last_updated_at is behind the watermark as a late commit would be), a deleted conversation
 * (the sweep), repeated refreshes (no double counting), and two replicas refreshing at once.
 * PGlite port 48664.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, startTestStore, type TestStore } from "@/lib/store/test-backends";
import { usageView } from "./page-data";
import { catchUpUsageRollup, readRollupState, refreshUsageRollup, type RollupRules } from "./usage-rollup";
import { rollupTotals, rollupWindowCounts } from "./usage-rollup-read";
import { windowConversationsByUser } from "./conversations";

const ADMIN = { host: "127.0.0.1", port: 5432, user: "postgres", database: "test" };
const DAY = 86_400_000;
const RULES: RollupRules = { overlapMs: 5 * 60_000, backfillDays: 7, sweepDays: 3, maxChangedDays: 62 };
const MODELS = ["litellm_proxy/claude-sonnet-4-5", "litellm_proxy/gpt-5", null];

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(BACKENDS)("usage rollup (store on %s)", (kind) => {
  const sourceDb = `usage_rollup_it_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client(ADMIN);
  let source: pg.Pool;
  let store: TestStore;
  let env: string;
  const now = Date.now();
  const today = new Date(new Date(now).toISOString().slice(0, 10) + "T00:00:00Z").getTime();

  async function insert(id: string, user: string, created: Date, updated: Date, cost: number | null, model: string | null, prompt: number | null = 1000) {
    await source.query(
      `INSERT INTO conversation_metadata (conversation_id, user_id, created_at, last_updated_at, accumulated_cost, prompt_tokens, completion_tokens, total_tokens, llm_model)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, user, created, updated, cost, prompt, prompt === null ? null : 80, prompt === null ? null : prompt + 80, model],
    );
  }

  /** The rollup equals a full SQL sum over the source: every group, every per-day row, distinct users. */
  async function expectExact() {
    const src = await source.query(
      `SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day, user_id, coalesce(llm_model, '') AS model, count(*)::int AS n,
         coalesce(sum(accumulated_cost::numeric), 0)::text AS cost, coalesce(sum(prompt_tokens), 0)::text AS p, coalesce(sum(total_tokens), 0)::text AS t
       FROM conversation_metadata GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const rolled = await store.pool.query(
      `SELECT day::text, user_id, llm_model AS model, conversations AS n, cost::text, prompt_tokens::text AS p, total_tokens::text AS t
       FROM usage_rollup WHERE environment_id = $1 ORDER BY 1, 2, 3`,
      [env],
    );
    expect(rolled.rows).toEqual(src.rows);
    const srcDays = await source.query(
      `SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day, coalesce(llm_model, '') AS model, count(*)::int AS n, coalesce(sum(accumulated_cost::numeric), 0)::text AS cost
       FROM conversation_metadata GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const rolledDays = await store.pool.query(`SELECT day::text, llm_model AS model, conversations AS n, cost::text FROM usage_rollup_days WHERE environment_id = $1 ORDER BY 1, 2`, [env]);
    expect(rolledDays.rows).toEqual(srcDays.rows);
    for (const [fromDays, toDays, model] of [[45, -1, undefined], [10, 3, undefined], [0, -1, MODELS[0]], [30, 29, MODELS[1]]] as const) {
      const from = new Date(today - fromDays * DAY);
      const to = new Date(today - toDays * DAY);
      const direct = await source.query<{ n: string; users: string; cost: string }>(
        `SELECT count(*) AS n, count(DISTINCT user_id) AS users, coalesce(sum(accumulated_cost::numeric), 0)::text AS cost FROM conversation_metadata
         WHERE created_at >= $1 AND created_at < $2${model ? " AND llm_model = $3" : ""}`,
        model ? [from, to, model] : [from, to],
      );
      const t = await rollupTotals({ store: store.pool, environmentId: env }, { from, to, model: model ?? undefined });
      expect({ conversations: t.conversations, users: t.users, cost: t.cost }).toEqual({ conversations: Number(direct.rows[0]!.n), users: Number(direct.rows[0]!.users), cost: Number(direct.rows[0]!.cost) });
    }
  }

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${sourceDb}`);
    source = new pg.Pool({ ...ADMIN, database: sourceDb, max: 3 });
    // DROP DATABASE … WITH (FORCE) in afterAll ends connections pg is still closing: not a failure.
    source.on("error", () => {});
    await source.query(readFileSync(path.resolve("emulator/simulation/openhands-schema.sql"), "utf8"));
    store = await startTestStore(kind, { pglitePort: 48664 });
    const e = await store.pool.query<{ id: string }>(
      "INSERT INTO environments (name, subscription_id, region, resource_group, created_by) VALUES ('rollup', gen_random_uuid(), 'westeurope', 'rg-rollup', 'test') RETURNING id",
    );
    env = e.rows[0]!.id;
    const r = rng(7);
    for (let i = 0; i < 1500; i++) {
      const created = new Date(now - r() * 40 * DAY);
      await insert(`c${i}`, `user-${Math.floor(r() * r() * 30)}`, created, new Date(Math.min(now - 60_000, created.getTime() + r() * 3_600_000)), i % 17 === 0 ? null : Math.round(r() * 1e6) / 1e4 + 0.1, MODELS[i % 3]!, i % 23 === 0 ? null : Math.floor(r() * 5e5));
    }
    // Day boundaries in UTC: the last millisecond of a day and the first of the next.
    await insert("edge-late", "user-edge", new Date(today - 5 * DAY - 1), new Date(today - 5 * DAY), 1.25, MODELS[0]!);
    await insert("edge-early", "user-edge", new Date(today - 5 * DAY), new Date(today - 5 * DAY + 1000), 2.5, MODELS[0]!);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await source?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${sourceDb} WITH (FORCE)`);
    await admin.end();
  });

  it("fills the whole history in bounded steps and equals the full SQL sum", async () => {
    const first = await refreshUsageRollup(store.pool, source, env, RULES, now);
    expect(first.ran).toBe(true);
    // One step covers the newest 7 days only; the rest comes in the next refreshes.
    expect(first.state?.completeFrom).toBe(new Date(today - 6 * DAY).toISOString().slice(0, 10));
    const state = await catchUpUsageRollup(store.pool, source, env, RULES, now);
    expect(state.completeFrom).toBe("-infinity");
    await expectExact();
  });

  it("folds in conversations updated after they were counted, without counting them twice", async () => {
    // Cost grows on old conversations (as OpenHands' running totals do), one changes model.
    await source.query("UPDATE conversation_metadata SET accumulated_cost = coalesce(accumulated_cost, 0) + 3.5, prompt_tokens = coalesce(prompt_tokens, 0) + 10, last_updated_at = now() WHERE conversation_id IN ('c1', 'c2', 'c3', 'c400', 'c1499')");
    await source.query("UPDATE conversation_metadata SET llm_model = 'litellm_proxy/gemini-2.5-pro', last_updated_at = now() WHERE conversation_id = 'c10'");
    // A late row: a conversation started 20 days ago that appears only now.
    await insert("late-old", "user-late", new Date(now - 20 * DAY), new Date(), 9.75, MODELS[1]!);
    const watermark = (await readRollupState(store.pool, env))!.watermark!;
    // A late commit: its last_updated_at is behind the watermark (inside the 5-minute overlap).
    await insert("late-commit", "user-late", new Date(now - 33 * DAY), new Date(watermark.getTime() - 2 * 60_000), 4.5, MODELS[0]!);
    const r = await refreshUsageRollup(store.pool, source, env, RULES, now);
    expect(r.ran).toBe(true);
    await expectExact();
    // Refreshing again (and again) with nothing new changes nothing: days are replaced, not added to.
    await refreshUsageRollup(store.pool, source, env, RULES, now);
    await refreshUsageRollup(store.pool, source, env, RULES, now);
    await expectExact();
  });

  it("removes a deleted conversation once the sweep passes its day", async () => {
    await source.query("DELETE FROM conversation_metadata WHERE conversation_id = (SELECT conversation_id FROM conversation_metadata WHERE created_at < $1 ORDER BY created_at LIMIT 1)", [new Date(now - 30 * DAY)]);
    // 41 days of history, 3 days per sweep step: one full pass is at most 15 refreshes.
    for (let i = 0; i < 16; i++) await refreshUsageRollup(store.pool, source, env, RULES, now);
    await expectExact();
  });

  it("two replicas refreshing at once do not double count", async () => {
    await source.query("UPDATE conversation_metadata SET accumulated_cost = accumulated_cost + 1, last_updated_at = now() WHERE conversation_id IN ('c5', 'c6', 'c700')");
    const other = store.newPool();
    const results = await Promise.all([refreshUsageRollup(store.pool, source, env, RULES, now), refreshUsageRollup(other, source, env, RULES, now), refreshUsageRollup(other, source, env, RULES, now)]);
    expect(results.some((x) => x.ran)).toBe(true);
    await refreshUsageRollup(store.pool, source, env, RULES, now);
    await expectExact();
  });

  it("counts the inventory's paused window from the rollup's whole days plus live edges, as the direct count does", async () => {
    // A conversation started after the last refresh is counted from the live part (today).
    await insert("just-now", "user-new", new Date(), new Date(), 0.5, MODELS[0]!);
    const since = new Date(now - 10 * DAY);
    const viaRollup = await rollupWindowCounts({ store: store.pool, environmentId: env }, source, since, now, 15 * 60_000);
    expect(viaRollup).not.toBeNull();
    const direct = await windowConversationsByUser(source, since);
    expect(new Map([...viaRollup!].sort())).toEqual(new Map([...direct].sort()));
    expect(viaRollup!.get("user-new")).toBe(1);
    // A rollup older than allowed is not used.
    expect(await rollupWindowCounts({ store: store.pool, environmentId: env }, source, since, now, -1)).toBeNull();
  });

  it("the usage view answers a 90-day range from the rollup with the direct queries' numbers", async () => {
    // Fold in what the previous test added, so both sides see the same rows.
    await refreshUsageRollup(store.pool, source, env, RULES, now);
    const params = { from: new Date(today - 89 * DAY).toISOString().slice(0, 10), group: "model" };
    const viaRollup = await usageView(source, params, now, { store: store.pool, environmentId: env });
    const direct = await usageView(source, params, now);
    expect(viaRollup.source).toBe("rollup");
    expect(direct.source).toBe("direct");
    const round = (t: { cost: number }) => ({ ...t, cost: Math.round(t.cost * 1e6) / 1e6 });
    expect(round(viaRollup.totals)).toEqual(round(direct.totals));
    expect(viaRollup.models).toEqual(direct.models);
    expect(viaRollup.days.map((d) => [d.key, d.conversations, d.totalTokens])).toEqual(direct.days.map((d) => [d.key, d.conversations, d.totalTokens]));
    expect(viaRollup.groups!.rows.map((g) => [g.key, g.conversations, g.users])).toEqual(direct.groups!.rows.map((g) => [g.key, g.conversations, g.users]));
    const perUser = await usageView(source, { ...params, group: "user", user: "user-1" }, now, { store: store.pool, environmentId: env });
    const perUserDirect = await usageView(source, { ...params, group: "user", user: "user-1" }, now);
    expect(perUser.groups!.rows.map((g) => [g.key, g.conversations, g.promptTokens])).toEqual(perUserDirect.groups!.rows.map((g) => [g.key, g.conversations, g.promptTokens]));
  });
});
