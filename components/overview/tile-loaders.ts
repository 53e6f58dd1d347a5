/**
 * What each Overview tile reads, as a TileContent: ARM state of the four resources, OpenHands'
 * health endpoints, the sandbox inventory, the database and Redis health verdicts and the firing
 * alert rules. Each loader talks only to its own source, so one slow source delays one tile.
 */
import { config } from "@/lib/config";
import { environmentArm, kubeConfig, openhandsDatabase, openhandsRedis } from "@/lib/environments/data-plane";
import type { EnvironmentTarget } from "@/lib/environments/target";
import { environmentDatabaseHealth } from "@/lib/openhands/db-health/environment";
import { redisHealth } from "@/lib/openhands/redis-health";
import type { Verdict } from "@/lib/openhands/verdict";
import { alertStatuses } from "@/lib/azure/monitor/alert-status";
import { readAksState, readPostgresState, readRedisState, readStorageState, type ResourceState } from "@/lib/azure/monitor/resource-state";
import { probeOpenHands, type EndpointResult } from "@/lib/openhands/health";
import { sandboxInventory } from "@/lib/openhands/sandboxes/inventory";
import { checksHeadline } from "@/lib/openhands/checks-headline";
import type { TileContent } from "./tile";

const fromState = (s: ResourceState): TileContent => ({ verdict: s.verdict, state: s.state, facts: s.facts, ...(s.reason ? { notes: [s.reason] } : {}) });

export const aksTile = async (t: EnvironmentTarget) => fromState(await readAksState(environmentArm(t), t.resourceGroup, t.names.aksCluster));
export const postgresTile = async (t: EnvironmentTarget) => fromState(await readPostgresState(environmentArm(t), t.resourceGroup, t.names.postgresServer));
export const redisTile = async (t: EnvironmentTarget) => fromState(await readRedisState(environmentArm(t), t.resourceGroup, t.names.redisCache));
export const storageTile = async (t: EnvironmentTarget) => fromState(await readStorageState(environmentArm(t), t.resourceGroup, t.names.storageAccount));

function endpoint(r: EndpointResult): string {
  return r.ok ? `ok (${r.ms} ms)` : (r.detail ?? (r.status ? `HTTP ${r.status}` : "no answer"));
}

export async function openhandsTile(t: EnvironmentTarget): Promise<TileContent> {
  if (!t.openhands.host) return { verdict: "unknown", state: "Not deployed yet", notes: ["Setup has not recorded a host name for OpenHands."] };
  const address = config().OPENHANDS_INGRESS_ADDRESS;
  const p = await probeOpenHands(t.openhands.host, { timeoutMs: 5_000, scheme: t.openhands.scheme, ...(address ? { address } : {}) });
  return {
    verdict: p.verdict,
    state: p.ready.ok ? "Ready" : "Not ready",
    facts: [
      ["URL", p.url],
      ["Version", t.openhands.version || "—"],
      ["/ready", endpoint(p.ready)],
      ["/health", endpoint(p.health)],
      ["/alive", endpoint(p.alive)],
    ],
  };
}

export async function sandboxesTile(t: EnvironmentTarget): Promise<TileContent> {
  // Paused sandboxes and idle/orphan flags need the OpenHands database; without it the pods still count.
  const [kc, database] = await Promise.all([kubeConfig(t), openhandsDatabase(t).catch(() => undefined)]);
  const inv = await sandboxInventory(kc, { namespace: t.openhands.sandboxNamespace, ...(database ? { database } : {}) });
  const c = inv.counts;
  const stuck = inv.flagged.filter((s) => s.flags.some((f) => f.kind === "stuck")).length;
  const orphaned = inv.flagged.filter((s) => s.flags.some((f) => f.kind === "orphaned")).length;
  const verdict: Verdict = c.error > 0 || stuck > 0 ? "warn" : "ok";
  return {
    verdict,
    state: `${c.running} running`,
    facts: [
      ["Starting", String(c.pending)],
      ["Paused", inv.conversationsRead ? String(c.paused) : "— (database not read)"],
      ["Error", String(c.error)],
      ["Flagged", `${stuck} stuck, ${orphaned} orphaned`],
    ],
    ...(verdict !== "ok" ? { notes: [`${c.error} in error, ${stuck} stuck pending: see Sandboxes for why.`] } : {}),
  };
}

function itemNotes(items: Array<{ title: string; verdict: Verdict; summary: string }>): string[] {
  return items.filter((i) => i.verdict !== "ok").map((i) => `${i.title}: ${i.summary}`).slice(0, 4);
}

export async function databaseHealthTile(t: EnvironmentTarget): Promise<TileContent> {
  const report = await environmentDatabaseHealth(t);
  return {
    verdict: report.verdict,
    state: checksHeadline(report.items),
    facts: [["Database", report.database ?? "not reached"]],
    notes: itemNotes(report.items),
  };
}

export async function redisHealthTile(t: EnvironmentTarget): Promise<TileContent> {
  const report = await redisHealth(await openhandsRedis(t));
  return {
    verdict: report.verdict,
    state: checksHeadline(report.items),
    facts: report.server ? [["Redis", `${report.server.version ?? "?"} (${report.server.role ?? "?"})`]] : [],
    notes: itemNotes(report.items),
  };
}

export async function alertsTile(t: EnvironmentTarget): Promise<TileContent> {
  const summary = await alertStatuses(environmentArm(t).monitor, t.resourceGroup);
  const enabled = summary.rules.filter((r) => r.status !== "Disabled").length;
  return {
    verdict: summary.verdict,
    state: summary.firing.length === 0 ? "None firing" : `${summary.firing.length} firing`,
    facts: [["Rules", `${summary.rules.length} (${enabled} enabled)`]],
    notes: [
      ...summary.firing.map((f) => `Sev ${f.rule.severity} ${f.rule.name}: ${f.rule.description || f.rule.criteria.map((c) => `${c.metricName} ${c.operator} ${c.threshold}`).join(", ")}`),
      ...summary.rules.filter((r) => r.status === "Unknown").map((r) => `${r.rule.name}: status could not be read (${r.detail ?? "unknown"})`),
    ].slice(0, 6),
  };
}
