/**
 * `kubernetes.secrets`: the chart's Secret names and keys (`plan.openhands.secrets`, e.g.
 * `postgres-password/password`, `redis/redis-password`), filled from the operation's secret source
 * (typed ones from the sealed setup draft, generated ones derived) and the Redis access key from
 * ARM `listKeys`. Values are compared with what the cluster holds (base64 equality) and never
 * leave this file: not in the step output, logs, errors or the audit log.
 *
 * A re-run of setup whose operation has no typed secrets any more (nothing re-entered) keeps the
 * value the cluster already has for that key; only a key that is missing everywhere fails.
 */
import type { V1Secret } from "@kubernetes/client-node";
import type { StepOutcome } from "../types";
import { applyObject, readObject, stepOutcome, type Manifest } from "./apply";
import type { DeployContext } from "./context";
import { DeployError, scrub } from "./errors";
import { MANAGED_LABELS } from "./labels";

/** The one source that does not come from the setup secrets: the cache's primary access key. */
export const REDIS_ACCESS_KEY = "redisAccessKey";

const b64 = (v: string) => Buffer.from(v, "utf8").toString("base64");

/**
 * The Secret to apply: each key from `values` (plain) or, when the value is not available, the
 * cluster's current base64 value. Throws SetupSecretMissing naming the key (never a value).
 */
export function secretManifest(
  namespace: string,
  name: string,
  keys: Record<string, string>,
  values: ReadonlyMap<string, string>,
  current: Record<string, string> | undefined,
  unavailable: ReadonlyMap<string, string> = new Map(),
): { manifest: Manifest; kept: string[] } {
  const data: Record<string, string> = {};
  const kept: string[] = [];
  for (const [key, source] of Object.entries(keys).sort(([a], [b]) => a.localeCompare(b))) {
    const value = values.get(source);
    if (value !== undefined) data[key] = b64(value);
    else if (current?.[key] !== undefined) {
      data[key] = current[key];
      kept.push(key);
    } else {
      const why = unavailable.get(source);
      throw new DeployError("SetupSecretMissing", `The ${source} for Kubernetes secret ${namespace}/${name} (key ${key}) is not available to this operation${why ? ` (${why})` : ""}`);
    }
  }
  return { manifest: { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: { name, namespace, labels: { ...MANAGED_LABELS } }, data }, kept };
}

async function secretValues(d: DeployContext, sources: Set<string>): Promise<{ values: Map<string, string>; unavailable: Map<string, string> }> {
  const values = new Map<string, string>();
  const unavailable = new Map<string, string>();
  for (const source of sources) {
    if (source === REDIS_ACCESS_KEY) {
      const keys = await d.step.clients.redis.redis.listKeys(d.target.resourceGroup, d.target.redisCache);
      if (!keys.primaryKey) throw new DeployError("RedisNotReady", `Redis cache ${d.target.redisCache} returned no access key`);
      values.set(source, keys.primaryKey);
      continue;
    }
    try {
      values.set(source, await d.step.secret(source));
    } catch (err) {
      unavailable.set(source, scrub(err instanceof Error ? err.message : String(err)));
    }
  }
  return { values, unavailable };
}

export async function applySecrets(d: DeployContext, title: string): Promise<StepOutcome> {
  const oh = d.openhands;
  const sources = new Set(Object.values(oh.secrets).flatMap((keys) => Object.values(keys)));
  const { values, unavailable } = await secretValues(d, sources);
  const known = [...values.values()];
  const outcomes = [];
  for (const [name, keys] of Object.entries(oh.secrets)) {
    const header: Manifest = { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: oh.namespace } };
    const current = await readObject<V1Secret>(d, header, known);
    const { manifest, kept } = secretManifest(oh.namespace, name, keys, values, current?.data, unavailable);
    if (kept.length > 0) d.step.log(`secret ${oh.namespace}/${name}: kept the cluster's ${kept.join(", ")} (not re-entered for this operation)`);
    outcomes.push(await applyObject(d, `secret-${name}`, manifest, { secretValues: known }));
  }
  return stepOutcome(title, outcomes);
}
