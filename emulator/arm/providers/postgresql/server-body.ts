/**
 * Request schemas of flexible servers (PUT and PATCH) and the wire body the local Azure stores
 * and answers, shaped like the `ServersGet` / `ServerCreate` spec examples. Validation that
 * needs the rest of the local Azure (subnets) lives here too; pure rules are in server-rules.ts.
 */
import { z } from "zod";
import { parseResourceId } from "../../core/paths";
import type { ArmEnvironment } from "../../core/types";
import {
  administratorLoginProblem,
  defaultStorage,
  highAvailabilityProblem,
  MINOR_VERSIONS,
  passwordProblem,
  skuProblem,
  storageProblem,
  SUPPORTED_VERSIONS,
  type HighAvailabilityMode,
  type RuleProblem,
} from "./server-rules";

const tagsSchema = z.record(z.string().max(512), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, "at most 50 tags");
const enabled = z.enum(["Enabled", "Disabled"]);

const skuSchema = z.object({ name: z.string().min(1), tier: z.string().min(1) });
const storageSchema = z
  .object({ storageSizeGB: z.number().int().optional(), autoGrow: enabled.optional(), tier: z.string().optional(), iops: z.number().int().optional(), type: z.string().optional() })
  .loose();
const backupSchema = z.object({ backupRetentionDays: z.number().int().min(7).max(35).optional(), geoRedundantBackup: enabled.optional() }).loose();
const networkSchema = z.object({ publicNetworkAccess: enabled.optional(), delegatedSubnetResourceId: z.string().optional(), privateDnsZoneArmResourceId: z.string().optional() }).loose();
const highAvailabilitySchema = z.object({ mode: z.enum(["Disabled", "ZoneRedundant", "SameZone"]).optional(), standbyAvailabilityZone: z.string().optional() }).loose();
const maintenanceWindowSchema = z
  .object({ customWindow: enabled.optional(), dayOfWeek: z.number().int().min(0).max(6).optional(), startHour: z.number().int().min(0).max(23).optional(), startMinute: z.number().int().min(0).max(59).optional() })
  .loose();
const authConfigSchema = z.object({ activeDirectoryAuth: enabled.optional(), passwordAuth: enabled.optional(), tenantId: z.string().optional() }).loose();

const commonProperties = {
  administratorLogin: z.string().min(1).optional(),
  administratorLoginPassword: z.string().optional(),
  version: z.enum(SUPPORTED_VERSIONS).optional(),
  storage: storageSchema.optional(),
  backup: backupSchema.optional(),
  network: networkSchema.optional(),
  highAvailability: highAvailabilitySchema.optional(),
  maintenanceWindow: maintenanceWindowSchema.optional(),
  authConfig: authConfigSchema.optional(),
  availabilityZone: z.string().optional(),
};

export const serverPutSchema = z
  .object({
    location: z.string().min(1),
    sku: skuSchema.optional(),
    tags: tagsSchema.optional(),
    properties: z.object({ ...commonProperties, createMode: z.enum(["Default", "Create", "Update", "PointInTimeRestore", "GeoRestore", "Replica", "ReviveDropped"]).optional() }).loose().optional(),
  })
  .loose();
export type ServerPut = z.infer<typeof serverPutSchema>;

export const serverPatchSchema = z
  .object({
    sku: z.object({ name: z.string().min(1).optional(), tier: z.string().min(1).optional() }).optional(),
    tags: tagsSchema.optional(),
    properties: z.object({ ...commonProperties, createMode: z.enum(["Default", "Update"]).optional() }).loose().optional(),
  })
  .loose();
export type ServerPatch = z.infer<typeof serverPatchSchema>;

/** The parts of a server a create or an update decides (never the password). */
export interface ServerSpec {
  sku: { name: string; tier: string };
  tags?: Record<string, string>;
  version: string;
  administratorLogin: string;
  availabilityZone: string;
  storage: { storageSizeGB: number; autoGrow: string; tier: string; iops: number };
  backup: { backupRetentionDays: number; geoRedundantBackup: string };
  network: { publicNetworkAccess: string; delegatedSubnetResourceId?: string; privateDnsZoneArmResourceId?: string };
  highAvailability: { mode: HighAvailabilityMode; standbyAvailabilityZone?: string };
  maintenanceWindow: { customWindow: string; dayOfWeek: number; startHour: number; startMinute: number };
  authConfig: { activeDirectoryAuth: string; passwordAuth: string; tenantId?: string };
}

/** A delegated subnet must exist and be delegated to flexible servers (checked when Microsoft.Network is served). */
export function subnetProblem(env: ArmEnvironment, subnetId: string): RuleProblem | null {
  const parsed = parseResourceId(subnetId);
  const target = "properties.network.delegatedSubnetResourceId";
  if (parsed?.type?.toLowerCase() !== "microsoft.network/virtualnetworks/subnets") {
    return { code: "InvalidDelegatedSubnetResourceId", message: `'${subnetId}' is not a subnet resource id (/subscriptions/…/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}).`, target };
  }
  const subnet = env.store.get(subnetId);
  if (!subnet) {
    // Until a Microsoft.Network provider is served, subnets cannot exist in the store: accept the id.
    const networkServed = env.providers.some((p) => p.namespace.toLowerCase() === "microsoft.network");
    return networkServed ? { code: "SubnetNotFound", message: `The subnet '${subnetId}' was not found.`, target } : null;
  }
  const delegations = ((subnet.body.properties as { delegations?: Array<{ properties?: { serviceName?: string } }> } | undefined)?.delegations ?? []);
  const delegated = delegations.some((d) => d.properties?.serviceName?.toLowerCase() === "microsoft.dbforpostgresql/flexibleservers");
  if (!delegated) {
    return { code: "SubnetNotDelegated", message: `The subnet '${subnetId}' must be delegated to 'Microsoft.DBforPostgreSQL/flexibleServers' before a server can be placed in it.`, target };
  }
  return null;
}

/** Every rule a full server spec must meet; `previous` is the spec before an update. */
export function specProblem(env: ArmEnvironment, spec: ServerSpec, previous: ServerSpec | undefined, password: string | undefined): RuleProblem | null {
  return (
    skuProblem(spec.sku.tier, spec.sku.name) ??
    (previous ? null : administratorLoginProblem(spec.administratorLogin)) ??
    (previous && previous.administratorLogin !== spec.administratorLogin
      ? { code: "AdministratorLoginChangeNotSupported", message: "The administrator login of a server cannot be changed.", target: "properties.administratorLogin" }
      : null) ??
    (password !== undefined ? passwordProblem(password, spec.administratorLogin) : null) ??
    (previous && Number(spec.version) < Number(previous.version)
      ? { code: "VersionDowngradeNotSupported", message: `The major version cannot be downgraded from ${previous.version} to ${spec.version}.`, target: "properties.version" }
      : null) ??
    storageProblem(spec.storage.storageSizeGB, spec.storage.tier, previous?.storage.storageSizeGB) ??
    highAvailabilityProblem({ mode: spec.highAvailability.mode, tier: spec.sku.tier, zone: spec.availabilityZone, standbyZone: spec.highAvailability.standbyAvailabilityZone }) ??
    (previous && (previous.network.delegatedSubnetResourceId ?? "").toLowerCase() !== (spec.network.delegatedSubnetResourceId ?? "").toLowerCase()
      ? { code: "NetworkChangeNotSupported", message: "The network (public or private access, delegated subnet) of a server cannot be changed after creation.", target: "properties.network" }
      : null) ??
    (!previous && spec.network.delegatedSubnetResourceId ? subnetProblem(env, spec.network.delegatedSubnetResourceId) : null)
  );
}

/** Spec of a new server from a PUT body (Azure's defaults filled in). */
export function specFromPut(body: ServerPut, zones: readonly string[]): ServerSpec {
  const p = body.properties ?? {};
  const sizeGb = p.storage?.storageSizeGB ?? 128;
  const disk = defaultStorage(sizeGb);
  const subnet = p.network?.delegatedSubnetResourceId;
  const zone = p.availabilityZone ?? zones[0] ?? "1";
  const mode = p.highAvailability?.mode ?? "Disabled";
  return {
    sku: body.sku ?? { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    ...(body.tags ? { tags: body.tags } : {}),
    version: p.version ?? "17",
    administratorLogin: p.administratorLogin ?? "",
    availabilityZone: zone,
    storage: { storageSizeGB: sizeGb, autoGrow: p.storage?.autoGrow ?? "Disabled", tier: p.storage?.tier ?? disk.tier, iops: disk.iops },
    backup: { backupRetentionDays: p.backup?.backupRetentionDays ?? 7, geoRedundantBackup: p.backup?.geoRedundantBackup ?? "Disabled" },
    network: {
      publicNetworkAccess: subnet ? "Disabled" : (p.network?.publicNetworkAccess ?? "Enabled"),
      ...(subnet ? { delegatedSubnetResourceId: subnet } : {}),
      ...(p.network?.privateDnsZoneArmResourceId ? { privateDnsZoneArmResourceId: p.network.privateDnsZoneArmResourceId } : {}),
    },
    highAvailability: {
      mode,
      ...(mode !== "Disabled" ? { standbyAvailabilityZone: p.highAvailability?.standbyAvailabilityZone ?? (mode === "SameZone" ? zone : (zones.find((z) => z !== zone) ?? zone)) } : {}),
    },
    maintenanceWindow: { customWindow: "Disabled", dayOfWeek: 0, startHour: 0, startMinute: 0, ...p.maintenanceWindow } as ServerSpec["maintenanceWindow"],
    authConfig: { activeDirectoryAuth: "Disabled", passwordAuth: "Enabled", ...p.authConfig } as ServerSpec["authConfig"],
  };
}

/** Spec after applying a PATCH (or a PUT on an existing server) to the current one. */
export function specAfterPatch(current: ServerSpec, patch: ServerPatch, zones: readonly string[]): ServerSpec {
  const p = patch.properties ?? {};
  const sizeGb = p.storage?.storageSizeGB ?? current.storage.storageSizeGB;
  const disk = defaultStorage(sizeGb);
  const mode = p.highAvailability?.mode ?? current.highAvailability.mode;
  const zone = p.availabilityZone ?? current.availabilityZone;
  const standby = mode === "Disabled" ? undefined : (p.highAvailability?.standbyAvailabilityZone ?? (mode === current.highAvailability.mode ? current.highAvailability.standbyAvailabilityZone : undefined) ?? (mode === "SameZone" ? zone : (zones.find((z) => z !== zone) ?? zone)));
  const subnet = p.network?.delegatedSubnetResourceId ?? current.network.delegatedSubnetResourceId;
  return {
    sku: { name: patch.sku?.name ?? current.sku.name, tier: patch.sku?.tier ?? current.sku.tier },
    ...(patch.tags ? { tags: patch.tags } : current.tags ? { tags: current.tags } : {}),
    version: p.version ?? current.version,
    administratorLogin: p.administratorLogin ?? current.administratorLogin,
    availabilityZone: zone,
    storage: {
      storageSizeGB: sizeGb,
      autoGrow: p.storage?.autoGrow ?? current.storage.autoGrow,
      tier: p.storage?.tier ?? (p.storage?.storageSizeGB !== undefined ? disk.tier : current.storage.tier),
      iops: p.storage?.storageSizeGB !== undefined ? disk.iops : current.storage.iops,
    },
    backup: { ...current.backup, ...p.backup } as ServerSpec["backup"],
    network: { ...current.network, ...(subnet ? { delegatedSubnetResourceId: subnet } : {}), ...(p.network?.publicNetworkAccess && !subnet ? { publicNetworkAccess: p.network.publicNetworkAccess } : {}) },
    highAvailability: { mode, ...(standby ? { standbyAvailabilityZone: standby } : {}) },
    maintenanceWindow: { ...current.maintenanceWindow, ...p.maintenanceWindow } as ServerSpec["maintenanceWindow"],
    authConfig: { ...current.authConfig, ...p.authConfig } as ServerSpec["authConfig"],
  };
}

const storedSpecSchema = z.object({
  sku: skuSchema,
  tags: z.record(z.string(), z.string()).optional(),
  properties: z
    .object({
      version: z.string(),
      administratorLogin: z.string(),
      availabilityZone: z.string(),
      storage: z.object({ storageSizeGB: z.number(), autoGrow: z.string(), tier: z.string(), iops: z.number() }).loose(),
      backup: z.object({ backupRetentionDays: z.number(), geoRedundantBackup: z.string() }).loose(),
      network: z.object({ publicNetworkAccess: z.string(), delegatedSubnetResourceId: z.string().optional(), privateDnsZoneArmResourceId: z.string().optional() }).loose(),
      highAvailability: z.object({ mode: z.enum(["Disabled", "ZoneRedundant", "SameZone"]), standbyAvailabilityZone: z.string().optional() }).loose(),
      maintenanceWindow: z.object({ customWindow: z.string(), dayOfWeek: z.number(), startHour: z.number(), startMinute: z.number() }).loose(),
      authConfig: z.object({ activeDirectoryAuth: z.string(), passwordAuth: z.string(), tenantId: z.string().optional() }).loose(),
    })
    .loose(),
});

/** The spec of a stored server body (inverse of `applySpec`). */
export function specOf(body: Record<string, unknown>): ServerSpec {
  const s = storedSpecSchema.parse(body);
  const p = s.properties;
  return {
    sku: s.sku,
    ...(s.tags ? { tags: s.tags } : {}),
    version: p.version,
    administratorLogin: p.administratorLogin,
    availabilityZone: p.availabilityZone,
    storage: { storageSizeGB: p.storage.storageSizeGB, autoGrow: p.storage.autoGrow, tier: p.storage.tier, iops: p.storage.iops },
    backup: { backupRetentionDays: p.backup.backupRetentionDays, geoRedundantBackup: p.backup.geoRedundantBackup },
    network: {
      publicNetworkAccess: p.network.publicNetworkAccess,
      ...(p.network.delegatedSubnetResourceId ? { delegatedSubnetResourceId: p.network.delegatedSubnetResourceId } : {}),
      ...(p.network.privateDnsZoneArmResourceId ? { privateDnsZoneArmResourceId: p.network.privateDnsZoneArmResourceId } : {}),
    },
    highAvailability: { mode: p.highAvailability.mode, ...(p.highAvailability.standbyAvailabilityZone ? { standbyAvailabilityZone: p.highAvailability.standbyAvailabilityZone } : {}) },
    maintenanceWindow: { customWindow: p.maintenanceWindow.customWindow, dayOfWeek: p.maintenanceWindow.dayOfWeek, startHour: p.maintenanceWindow.startHour, startMinute: p.maintenanceWindow.startMinute },
    authConfig: { activeDirectoryAuth: p.authConfig.activeDirectoryAuth, passwordAuth: p.authConfig.passwordAuth, ...(p.authConfig.tenantId ? { tenantId: p.authConfig.tenantId } : {}) },
  };
}

/** Write a spec into a stored server body (wire shape); `haReady` says whether the standby runs. */
export function applySpec(body: Record<string, unknown>, spec: ServerSpec, haReady: boolean): void {
  body.sku = { ...spec.sku };
  if (spec.tags) body.tags = { ...spec.tags };
  const props = (body.properties ?? {}) as Record<string, unknown>;
  props.storage = { type: "", iops: spec.storage.iops, tier: spec.storage.tier, storageSizeGB: spec.storage.storageSizeGB, autoGrow: spec.storage.autoGrow };
  props.network = { ...spec.network };
  props.authConfig = { ...spec.authConfig };
  props.version = spec.version;
  props.minorVersion = MINOR_VERSIONS[spec.version] ?? "0";
  props.administratorLogin = spec.administratorLogin;
  props.availabilityZone = spec.availabilityZone;
  const earliest = (props.backup as { earliestRestoreDate?: string } | undefined)?.earliestRestoreDate;
  props.backup = { ...spec.backup, ...(earliest ? { earliestRestoreDate: earliest } : {}) };
  const ha = spec.highAvailability;
  props.highAvailability =
    ha.mode === "Disabled"
      ? { mode: "Disabled", state: "NotEnabled" }
      : { mode: ha.mode, state: haReady ? "Healthy" : "CreatingStandby", ...(ha.standbyAvailabilityZone ? { standbyAvailabilityZone: ha.standbyAvailabilityZone } : {}) };
  props.maintenanceWindow = { ...spec.maintenanceWindow };
  body.properties = props;
}

/** A new server's wire body, in state Provisioning. */
export function newServerBody(input: { id: string; name: string; location: string; spec: ServerSpec; host: string; systemData: Record<string, string>; now: Date }): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: input.id,
    name: input.name,
    type: "Microsoft.DBforPostgreSQL/flexibleServers",
    location: input.location,
    systemData: input.systemData,
    properties: {
      replica: { role: "Primary", capacity: 5 },
      privateEndpointConnections: [],
      dataEncryption: { type: "SystemManaged" },
      fullyQualifiedDomainName: input.host,
      state: "Provisioning",
      backup: { earliestRestoreDate: input.now.toISOString() },
      replicationRole: "Primary",
      replicaCapacity: 5,
    },
  };
  applySpec(body, input.spec, false);
  return body;
}
