/**
 * The I/O side of preflight: reads what the rules need from ARM through the console's SDK
 * clients, all reads in parallel, each with its own timeout. A read that fails (ARM error,
 * timeout, network) is recorded as `{ ok: false, error }` for its rule; nothing here throws.
 */
import { redactString } from "@/lib/store/redact";
import type { ArmClients } from "@/lib/azure/clients";
import type {
  KubernetesVersionObservation,
  NameObservation,
  Observed,
  PermissionsObservation,
  PreflightObservations,
  PreflightTarget,
  ProviderObservation,
  UsageObservation,
  VmSkuObservation,
} from "./types";

export interface GatherOptions {
  /** Per ARM call, ms (default 20 s). */
  timeoutMs?: number;
}

type CallOptions = { abortSignal: AbortSignal };

class ReadTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
    this.name = "ReadTimeout";
  }
}

/** Runs one read with a timeout; its failure becomes data. */
async function observe<T>(timeoutMs: number, read: (opts: CallOptions) => Promise<T>): Promise<Observed<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ReadTimeout(timeoutMs));
    }, timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([read({ abortSignal: controller.signal }), timeout]) };
  } catch (err) {
    return { ok: false, error: armError(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** RestError carries statusCode and code; anything else keeps only its message. Always redacted. */
export function armError(err: unknown): { code?: string; statusCode?: number; message: string } {
  if (err instanceof Error) {
    const e = err as Error & { statusCode?: unknown; code?: unknown };
    return {
      ...(typeof e.code === "string" ? { code: e.code } : {}),
      ...(typeof e.statusCode === "number" ? { statusCode: e.statusCode } : {}),
      message: redactString(e.message).slice(0, 600),
    };
  }
  return { message: redactString(String(err)).slice(0, 600) };
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && (err as { statusCode?: unknown }).statusCode === 404;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** GET that answers whether the resource exists: 404 → false, other errors propagate. */
async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Raised when the console's own token names no object id: its role assignments cannot be listed. */
export class CallerUnknownError extends Error {
  readonly code = "CallerUnknown";
  constructor() {
    super("the console's ARM token carries no object id (oid), so its role assignments cannot be listed");
    this.name = "CallerUnknownError";
  }
}

/** At the subscription or above it (management group, tenant root): what a new resource group inherits. */
function coversNewGroups(assignmentScope: string, subscriptionId: string): boolean {
  const scope = assignmentScope.toLowerCase().replace(/\/+$/, "");
  return scope === `/subscriptions/${subscriptionId.toLowerCase()}` || scope === "" || !scope.startsWith("/subscriptions/");
}

/**
 * Before the target group exists Azure has no permissions to answer for it; what it will grant
 * there is what the caller's role assignments at or above the subscription grant (a role on
 * another group would not reach the new one). So: the caller's assignments, then each role's
 * definition.
 */
async function readSubscriptionRoles(clients: ArmClients, subscriptionId: string, opts: CallOptions): Promise<PermissionsObservation> {
  const oid = await clients.callerObjectId();
  if (!oid) throw new CallerUnknownError();
  // assignedTo(): the identity's own assignments and those it holds through Entra groups.
  const assignments = await collect(clients.authorization.roleAssignments.listForSubscription({ ...opts, filter: `assignedTo('${oid}')` }));
  const roleIds = [...new Set(assignments.filter((a) => coversNewGroups(a.scope ?? "", subscriptionId)).map((a) => a.roleDefinitionId ?? "").filter(Boolean))];
  const definitions = await Promise.all(roleIds.map((id) => clients.authorization.roleDefinitions.get(`subscriptions/${subscriptionId}`, id.split("/").at(-1) ?? id, opts)));
  return {
    scope: `subscription ${subscriptionId}`,
    targetGroupExists: false,
    roles: definitions.map((d) => d.roleName ?? d.name ?? "?"),
    entries: definitions.flatMap((d) => (d.permissions ?? []).map((p) => ({ actions: p.actions ?? [], notActions: p.notActions ?? [] }))),
  };
}

async function readPermissions(clients: ArmClients, target: PreflightTarget, opts: CallOptions): Promise<PermissionsObservation> {
  const rg = target.resourceGroup;
  if (!(await exists(() => clients.resources.resourceGroups.get(rg, opts)))) return readSubscriptionRoles(clients, target.subscriptionId, opts);
  const entries = await collect(clients.authorization.permissions.listForResourceGroup(rg, opts));
  return {
    scope: `resource group ${rg}`,
    targetGroupExists: true,
    entries: entries.map((e) => ({ actions: e.actions ?? [], notActions: e.notActions ?? [] })),
  };
}

async function readVmSkus(clients: ArmClients, location: string, opts: CallOptions): Promise<VmSkuObservation[]> {
  const skus = await collect(clients.compute.resourceSkus.list({ ...opts, filter: `location eq '${location}'` }));
  return skus
    .filter((s) => s.resourceType === "virtualMachines" && s.name)
    .map((s) => ({
      name: s.name ?? "",
      family: s.family ?? "",
      vCPUs: Number(s.capabilities?.find((c) => c.name === "vCPUs")?.value ?? "0"),
      zones: s.locationInfo?.find((l) => l.location?.toLowerCase() === location.toLowerCase())?.zones ?? [],
      restrictions: (s.restrictions ?? []).map((r) => ({
        type: r.type === "Zone" ? ("Zone" as const) : ("Location" as const),
        zones: r.restrictionInfo?.zones ?? [],
        ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}),
      })),
    }));
}

async function readUsages(clients: ArmClients, location: string, opts: CallOptions): Promise<UsageObservation[]> {
  const usages = await collect(clients.compute.usage.list(location, opts));
  return usages.map((u) => ({ name: u.name?.value ?? "", localizedName: u.name?.localizedValue ?? u.name?.value ?? "", currentValue: u.currentValue, limit: u.limit }));
}

async function readKubernetesVersions(clients: ArmClients, location: string, opts: CallOptions): Promise<KubernetesVersionObservation[]> {
  const result = await clients.containerService.managedClusters.listKubernetesVersions(location, opts);
  return (result.values ?? []).map((v) => ({
    version: v.version ?? "",
    isDefault: v.isDefault === true,
    isPreview: v.isPreview === true,
    patchVersions: Object.keys(v.patchVersions ?? {}),
  }));
}

async function readExistingPools(clients: ArmClients, rg: string, name: string, opts: CallOptions) {
  try {
    const cluster = await clients.containerService.managedClusters.get(rg, name, opts);
    return (cluster.agentPoolProfiles ?? []).map((p) => ({ name: p.name, vmSize: p.vmSize ?? "", count: p.count ?? 0 }));
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

async function readPostgresName(clients: ArmClients, rg: string, name: string, opts: CallOptions): Promise<NameObservation> {
  if (await exists(() => clients.postgres.servers.get(rg, name, opts))) return { nameAvailable: false, reason: "AlreadyExists", ours: true };
  const r = await clients.postgres.nameAvailability.checkGlobally({ name, type: "Microsoft.DBforPostgreSQL/flexibleServers" }, opts);
  return { nameAvailable: r.nameAvailable === true, ...(r.reason ? { reason: r.reason } : {}), ...(r.message ? { message: r.message } : {}), ours: false };
}

async function readRedisName(clients: ArmClients, rg: string, name: string, opts: CallOptions): Promise<NameObservation> {
  if (await exists(() => clients.redis.redis.get(rg, name, opts))) return { nameAvailable: false, reason: "AlreadyExists", ours: true };
  try {
    await clients.redis.redis.checkNameAvailability({ name, type: "Microsoft.Cache/redis" }, opts);
    return { nameAvailable: true, ours: false };
  } catch (err) {
    // Azure answers a taken name with an error status (409 NameNotAvailable), not a body.
    const e = armError(err);
    if (e.statusCode === 409 || e.code === "NameNotAvailable") return { nameAvailable: false, reason: "AlreadyExists", message: e.message, ours: false };
    if (e.statusCode === 400) return { nameAvailable: false, reason: "Invalid", message: e.message, ours: false };
    throw err;
  }
}

async function readStorageName(clients: ArmClients, rg: string, name: string, opts: CallOptions): Promise<NameObservation> {
  if (await exists(() => clients.storage.storageAccounts.getProperties(rg, name, opts))) return { nameAvailable: false, reason: "AlreadyExists", ours: true };
  const r = await clients.storage.storageAccounts.checkNameAvailability({ name, type: "Microsoft.Storage/storageAccounts" }, opts);
  return {
    nameAvailable: r.nameAvailable === true,
    ...(r.reason ? { reason: r.reason === "AccountNameInvalid" ? "Invalid" : r.reason } : {}),
    ...(r.message ? { message: r.message } : {}),
    ours: false,
  };
}

export async function gatherObservations(clients: ArmClients, target: PreflightTarget, options: GatherOptions = {}): Promise<PreflightObservations> {
  const t = options.timeoutMs ?? 20_000;
  const rg = target.resourceGroup;
  const none = Promise.resolve(undefined);
  const [providers, permissions, usages, vmSkus, kubernetesVersions, existingPools, postgres, redis, storage] = await Promise.all([
    observe<ProviderObservation[]>(t, async (o) =>
      (await collect(clients.resources.providers.list(o))).map((p) => ({ namespace: p.namespace ?? "", registrationState: p.registrationState ?? "Unknown" })),
    ),
    observe(t, (o) => readPermissions(clients, target, o)),
    observe(t, (o) => readUsages(clients, target.location, o)),
    observe(t, (o) => readVmSkus(clients, target.location, o)),
    observe(t, (o) => readKubernetesVersions(clients, target.location, o)),
    target.aks ? observe(t, (o) => readExistingPools(clients, rg, target.aks!.name, o)) : Promise.resolve({ ok: true as const, value: [] }),
    target.names.postgres ? observe(t, (o) => readPostgresName(clients, rg, target.names.postgres!, o)) : none,
    target.names.redis ? observe(t, (o) => readRedisName(clients, rg, target.names.redis!, o)) : none,
    target.names.storage ? observe(t, (o) => readStorageName(clients, rg, target.names.storage!, o)) : none,
  ]);
  return {
    providers,
    permissions,
    usages,
    vmSkus,
    kubernetesVersions,
    existingPools,
    names: { ...(postgres ? { postgres } : {}), ...(redis ? { redis } : {}), ...(storage ? { storage } : {}) },
  };
}
