/**
 * The Sandboxes page's two data loaders (each streams in on its own): the live inventory with
 * the pages of its lists the URL asks for, and the usage view (totals, spend per day, one page
 * of the chosen grouping). Only these pages reach the browser; the bench times these functions.
 */
import type * as k8s from "@kubernetes/client-node";
import type pg from "pg";
import type { Queryable } from "./conversations";
import { sandboxInventory } from "./inventory";
import type { Sandbox, SandboxInventory, UserCounts } from "./types";
import { allUsageGroups, conversationPage, modelsInRange, usageByGroup, usageTotals, type ConversationUsageRow, type UsageGroupRow, type UsagePage, type UsageTotals } from "./usage";
import { parseUsageFilters, type ParsedUsageFilters } from "./usage-filters";
import { freshRollupState, rollupCovers } from "./usage-rollup";
import { rollupAllGroups, rollupByGroup, rollupModels, rollupTotals, type RollupScope } from "./usage-rollup-read";

export const SANDBOX_PAGE_SIZE = 50;
export const FLAGGED_PAGE_SIZE = 25;
export const USER_PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

function first(params: SearchParams, key: string): string {
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

function pageParam(params: SearchParams, key: string): number {
  const n = Number(first(params, key) || 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export interface Paged<T> {
  rows: T[];
  page: number;
  pages: number;
  total: number;
}

export interface InventoryView {
  inventory: Omit<SandboxInventory, "sandboxes" | "flagged" | "byUser">;
  state: string;
  sandboxes: Paged<Sandbox>;
  flagged: Paged<Sandbox>;
  users: Paged<UserCounts>;
}

/** One page of a list the server already holds (the inventory): 1-based, clamped to the last page. */
export function paged<T>(rows: T[], page: number, size: number): Paged<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((p - 1) * size, p * size), page: p, pages, total: rows.length };
}

export async function inventoryView(kc: k8s.KubeConfig, db: Queryable | undefined, namespace: string, params: SearchParams, rollup?: RollupScope): Promise<InventoryView> {
  const inv = await sandboxInventory(kc, { namespace, database: db, ...(db && rollup ? { rollup } : {}) });
  const state = ["running", "pending", "error", "terminating"].includes(first(params, "state")) ? first(params, "state") : "all";
  const list = state === "all" ? inv.sandboxes : inv.sandboxes.filter((s) => s.state === state);
  return {
    inventory: { namespace: inv.namespace, observedAt: inv.observedAt, counts: inv.counts, byPool: inv.byPool, conversationsRead: inv.conversationsRead },
    state,
    sandboxes: paged(list, pageParam(params, "spage"), SANDBOX_PAGE_SIZE),
    flagged: paged(inv.flagged, pageParam(params, "fpage"), FLAGGED_PAGE_SIZE),
    users: paged(inv.byUser, pageParam(params, "upage"), USER_PAGE_SIZE),
  };
}

export interface UsageView {
  parsed: ParsedUsageFilters;
  totals: UsageTotals;
  days: UsageGroupRow[];
  models: string[];
  groups?: UsagePage<UsageGroupRow>;
  conversations?: UsagePage<ConversationUsageRow>;
  /** Where the sums came from: the console's rollup (as of `asOf`, OpenHands' newest change folded in) or OpenHands' table. */
  source: "rollup" | "direct";
  asOf?: Date;
}

/** The console store holding this environment's usage rollup (usage-rollup.ts). */
export interface UsageRollupOption {
  store: pg.Pool;
  environmentId: string;
  /** A background refresh that failed (logged by the caller; the page still answers). */
  onError?: (err: unknown) => void;
}

export async function usageView(db: Queryable, params: SearchParams, now = Date.now(), rollup?: UsageRollupOption): Promise<UsageView> {
  const parsed = parseUsageFilters(params, now);
  const f = parsed.filters;
  const state = rollup ? await freshRollupState(rollup.store, db, rollup.environmentId, rollup.onError ?? (() => {})) : null;
  if (rollup && rollupCovers(state, f.from)) {
    const scope = { store: rollup.store, environmentId: rollup.environmentId };
    const [totals, days, models] = await Promise.all([rollupTotals(scope, f), rollupAllGroups(scope, f, "day"), rollupModels(scope, f)]);
    const base = { parsed, totals, days, models, source: "rollup" as const, asOf: state?.watermark ?? undefined };
    // The conversation list itself is one indexed page of OpenHands' table (created_at DESC).
    if (f.group === "conversation") return { ...base, conversations: await conversationPage(db, f, totals.conversations) };
    const groups = f.group === "day" ? { rows: days, total: days.length, page: 1, pageSize: days.length || 1 } : await rollupByGroup(scope, f, f.group);
    return { ...base, groups };
  }
  // Models for the filter come from the range without the model filter (so another can be picked).
  const [totals, days, models] = await Promise.all([usageTotals(db, f), allUsageGroups(db, f, "day"), modelsInRange(db, f)]);
  if (f.group === "conversation") return { parsed, totals, days, models, source: "direct", conversations: await conversationPage(db, f, totals.conversations) };
  // Per day is the chart's series already (at most 366 rows): no second scan.
  const groups = f.group === "day" ? { rows: days, total: days.length, page: 1, pageSize: days.length || 1 } : await usageByGroup(db, f, f.group);
  return { parsed, totals, days, models, source: "direct", groups };
}
