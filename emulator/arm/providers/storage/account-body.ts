/**
 * The wire body of a storage account: request schemas (create and PATCH) and the answer Azure
 * gives — sku tier, primary/secondary locations and endpoints, encryption, network rules,
 * TLS and public-access settings with Azure's defaults.
 *
 * Endpoints: Azure's `https://<account>.blob.core.windows.net/` cannot resolve locally, so the
 * local Azure answers path-style URLs on a local service origin, the convention Azurite and
 * the storage SDKs understand for IP hosts: blob `https://127.0.0.1:10000/<account>/`, queue
 * port+1, table port+2, file port+3, web port+4, dfs = blob; the secondary of RA-GRS accounts
 * is `<account>-secondary`. The origin is a provider option (`serviceOrigin`).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ArmEnvironment } from "../../core/types";

export const DEFAULT_SERVICE_ORIGIN = "https://127.0.0.1:10000";

export const SKUS = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS", "Premium_ZRS", "Standard_GZRS", "Standard_RAGZRS"] as const;
export const KINDS = ["Storage", "StorageV2", "BlobStorage", "FileStorage", "BlockBlobStorage"] as const;

const tagsSchema = z.record(z.string().max(512), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, "at most 50 tags");

/** Account properties a caller may set (create and PATCH); others are ignored as Azure ignores unknown ones. */
const settableProperties = z
  .object({
    accessTier: z.enum(["Hot", "Cool", "Cold", "Premium"]).optional(),
    allowBlobPublicAccess: z.boolean().optional(),
    minimumTlsVersion: z.enum(["TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3"]).optional(),
    supportsHttpsTrafficOnly: z.boolean().optional(),
    allowSharedKeyAccess: z.boolean().optional(),
    defaultToOAuthAuthentication: z.boolean().optional(),
    allowCrossTenantReplication: z.boolean().optional(),
    isHnsEnabled: z.boolean().optional(),
    isSftpEnabled: z.boolean().optional(),
    isLocalUserEnabled: z.boolean().optional(),
    publicNetworkAccess: z.enum(["Enabled", "Disabled", "SecuredByPerimeter"]).optional(),
    largeFileSharesState: z.enum(["Enabled", "Disabled"]).optional(),
    dnsEndpointType: z.enum(["Standard", "AzureDnsZone"]).optional(),
    keyPolicy: z.object({ keyExpirationPeriodInDays: z.number().int().min(1) }).loose().optional(),
    sasPolicy: z.object({ sasExpirationPeriod: z.string().min(1), expirationAction: z.enum(["Log", "Block"]).optional() }).loose().optional(),
    routingPreference: z.object({ routingChoice: z.enum(["MicrosoftRouting", "InternetRouting"]).optional(), publishMicrosoftEndpoints: z.boolean().optional(), publishInternetEndpoints: z.boolean().optional() }).loose().optional(),
    networkAcls: z
      .object({
        bypass: z.string().optional(),
        defaultAction: z.enum(["Allow", "Deny"]),
        virtualNetworkRules: z.array(z.object({ id: z.string().min(1), action: z.literal("Allow").optional(), state: z.string().optional() }).loose()).optional(),
        ipRules: z.array(z.object({ value: z.string().min(1), action: z.literal("Allow").optional() }).loose()).optional(),
        resourceAccessRules: z.array(z.object({ tenantId: z.string(), resourceId: z.string() }).loose()).optional(),
      })
      .loose()
      .optional(),
    encryption: z
      .object({
        keySource: z.enum(["Microsoft.Storage", "Microsoft.Keyvault"]).optional(),
        requireInfrastructureEncryption: z.boolean().optional(),
        services: z.partialRecord(z.enum(["blob", "file", "table", "queue"]), z.object({ enabled: z.boolean().optional(), keyType: z.enum(["Service", "Account"]).optional() }).loose()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type SettableProperties = z.infer<typeof settableProperties>;

export const createAccountSchema = z
  .object({
    sku: z.object({ name: z.enum(SKUS) }).loose(),
    kind: z.enum(KINDS),
    location: z.string().min(1),
    tags: tagsSchema.optional(),
    identity: z.object({ type: z.enum(["None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"]) }).loose().optional(),
    extendedLocation: z.object({ type: z.string(), name: z.string() }).loose().optional(),
    properties: settableProperties.optional(),
  })
  .loose();
export type CreateAccount = z.infer<typeof createAccountSchema>;

export const updateAccountSchema = z
  .object({
    sku: z.object({ name: z.enum(SKUS) }).loose().optional(),
    kind: z.enum(KINDS).optional(),
    tags: tagsSchema.optional(),
    identity: z.object({ type: z.enum(["None", "SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"]) }).loose().optional(),
    properties: settableProperties.optional(),
  })
  .loose();
export type UpdateAccount = z.infer<typeof updateAccountSchema>;

function withPort(origin: URL, offset: number): string {
  const port = origin.port ? Number(origin.port) + offset : undefined;
  return `${origin.protocol}//${origin.hostname}${port ? `:${port}` : ""}`;
}

export function accountEndpoints(serviceOrigin: string, account: string): Record<string, string> {
  const origin = new URL(serviceOrigin);
  const blob = `${withPort(origin, 0)}/${account}/`;
  return {
    blob,
    queue: `${withPort(origin, 1)}/${account}/`,
    table: `${withPort(origin, 2)}/${account}/`,
    file: `${withPort(origin, 3)}/${account}/`,
    web: `${withPort(origin, 4)}/${account}/`,
    dfs: blob,
  };
}

function skuTier(sku: string): "Standard" | "Premium" {
  return sku.startsWith("Premium") ? "Premium" : "Standard";
}

const GEO_REDUNDANT = new Set(["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"]);
const READ_ACCESS = new Set(["Standard_RAGRS", "Standard_RAGZRS"]);

/** Merge settable properties into stored ones (nested objects replaced whole, as Azure's PATCH does). */
function applySettable(target: Record<string, unknown>, input: SettableProperties | undefined, now: string): void {
  if (!input) return;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === "encryption") continue;
    target[key] = structuredClone(value);
  }
  if (input.encryption) target.encryption = encryptionBody(input.encryption, now);
  if (input.networkAcls) {
    const acls = input.networkAcls;
    target.networkAcls = {
      ...structuredClone(acls),
      bypass: acls.bypass ?? "AzureServices",
      virtualNetworkRules: (acls.virtualNetworkRules ?? []).map((r) => ({ id: r.id, action: "Allow", state: "Succeeded" })),
      ipRules: (acls.ipRules ?? []).map((r) => ({ value: r.value, action: "Allow" })),
    };
  }
}

function encryptionBody(input: NonNullable<SettableProperties["encryption"]>, now: string): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  const wanted: Record<string, { keyType?: string; enabled?: boolean }> = input.services ?? { blob: {}, file: {} };
  for (const [name, svc] of Object.entries(wanted)) {
    services[name] = { keyType: svc.keyType ?? "Account", enabled: svc.enabled ?? true, lastEnabledTime: now };
  }
  return { services, keySource: input.keySource ?? "Microsoft.Storage", requireInfrastructureEncryption: input.requireInfrastructureEncryption ?? false };
}

export interface AccountIdentity {
  id: string;
  name: string;
  location: string;
  serviceOrigin: string;
  keyCreationTime: { key1: string; key2: string };
}

/** A new account's body, with Azure's defaults for what the request leaves out. */
export function newAccountBody(env: ArmEnvironment, who: AccountIdentity, req: CreateAccount): Record<string, unknown> {
  const now = env.now().toISOString();
  const properties: Record<string, unknown> = {
    keyCreationTime: who.keyCreationTime,
    privateEndpointConnections: [],
    minimumTlsVersion: "TLS1_2",
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: true,
    networkAcls: { bypass: "AzureServices", virtualNetworkRules: [], ipRules: [], defaultAction: "Allow" },
    supportsHttpsTrafficOnly: true,
    encryption: encryptionBody({}, now),
  };
  if (req.kind === "StorageV2" || req.kind === "BlobStorage") properties.accessTier = "Hot";
  applySettable(properties, req.properties, now);
  const body: Record<string, unknown> = {
    sku: { name: req.sku.name, tier: skuTier(req.sku.name) },
    kind: req.kind,
    id: who.id,
    name: who.name,
    type: "Microsoft.Storage/storageAccounts",
    location: who.location,
    tags: req.tags ?? {},
    properties,
  };
  if (req.identity) body.identity = identityBody(req.identity.type, env);
  if (req.extendedLocation) body.extendedLocation = req.extendedLocation;
  placement(env, body, who.serviceOrigin, now);
  return body;
}

/** Apply a PATCH (or a PUT on an existing account) to a stored body. */
export function updateAccountBody(env: ArmEnvironment, body: Record<string, unknown>, serviceOrigin: string, req: UpdateAccount): void {
  const now = env.now().toISOString();
  if (req.sku) body.sku = { name: req.sku.name, tier: skuTier(req.sku.name) };
  if (req.kind) body.kind = req.kind;
  if (req.tags) body.tags = req.tags;
  if (req.identity) body.identity = identityBody(req.identity.type, env);
  applySettable(body.properties as Record<string, unknown>, req.properties, now);
  placement(env, body, serviceOrigin, now);
}

function identityBody(type: string, env: ArmEnvironment): Record<string, unknown> {
  if (type === "None") return { type };
  return { type, principalId: randomUUID(), tenantId: env.settings.tenantId };
}

/** Locations, endpoints and status that follow from the sku (geo-redundancy adds a secondary). */
function placement(env: ArmEnvironment, body: Record<string, unknown>, serviceOrigin: string, now: string): void {
  const p = body.properties as Record<string, unknown>;
  const name = String(body.name);
  const location = String(body.location);
  const sku = (body.sku as { name: string }).name;
  p.primaryEndpoints = accountEndpoints(serviceOrigin, name);
  p.primaryLocation = location;
  p.statusOfPrimary = "available";
  if (typeof p.creationTime !== "string") p.creationTime = now;
  delete p.secondaryLocation;
  delete p.statusOfSecondary;
  delete p.secondaryEndpoints;
  if (GEO_REDUNDANT.has(sku)) {
    p.secondaryLocation = env.settings.locations.find((l) => l.name === location)?.pairedRegion ?? location;
    p.statusOfSecondary = "available";
    if (READ_ACCESS.has(sku)) {
      const { blob, queue, table, web, dfs } = accountEndpoints(serviceOrigin, `${name}-secondary`);
      p.secondaryEndpoints = { blob, queue, table, web, dfs };
    }
  }
}
