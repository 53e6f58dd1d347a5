/**
 * Managed clusters: PUT (create 201 / update 200, both + Azure-AsyncOperation, as AKS answers),
 * GET, list, DELETE (202 + Location + Azure-AsyncOperation), upgrade profile, credentials.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { lroHeaders } from "../../core/operations";
import { newEtag, ok, pageOf, parseBody, requireResourceGroup, snapshot, systemData } from "../../core/resource-helpers";
import { locationName } from "../../core/locations";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute } from "../../core/types";
import {
  clusterIdOf, clusterInfo, newClusterTokens, poolIdOf, props, refuseIfBusy, requireCluster, syncProfiles,
} from "./cluster-state";
import { kubeconfigYaml, type KubernetesApiHook } from "./kubeconfig";
import {
  API_VERSIONS, CLUSTER_TYPE, POOL_TYPE, checkAutoscaler, checkPoolName, clusterFqdn, clusterRequestSchema, poolProperties, type ClusterRequest,
  oidcIssuerUrl,
} from "./model";
import { checkNodeCapacity } from "../compute/settings";
import { nodeDemand } from "./capacity";
import { checkControlPlaneChange, checkPoolVersion, defaultVersion, isPreview, resolveVersion, upgradesFrom } from "./versions";

export const CLUSTER_PUT = "Microsoft.ContainerService/managedClusters/put";
export const CLUSTER_DELETE = "Microsoft.ContainerService/managedClusters/delete";

const clusterPath = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}";

function checkIfMatch(req: ArmRequest, etag: unknown): void {
  const ifMatch = req.headers["if-match"];
  if (typeof ifMatch === "string" && ifMatch !== "*" && ifMatch !== etag) {
    throw new ArmError(412, "PreconditionFailed", `Operation failed because the resource's eTag '${String(etag)}' does not match the If-Match header '${ifMatch}'.`);
  }
}

/** Apply the pools of a cluster PUT: new pools are created, listed ones updated. Returns touched pool ids. */
function applyPoolProfiles(env: ArmEnvironment, req: ArmRequest, clusterId: string, body: ClusterRequest, controlPlane: string, creating: boolean, location: string): string[] {
  const profiles = body.properties.agentPoolProfiles ?? [];
  if (creating && !profiles.some((p) => (p.mode ?? "User") === "System")) {
    throw new ArmError(400, "MustDefineAtLeastOneSystemPool", "Must define at least one system pool.");
  }
  const touched: string[] = [];
  const seen = new Set<string>();
  const prepared = profiles.map((profile) => {
    const { name, ...request } = profile;
    checkPoolName(name);
    if (seen.has(name)) throw new ArmError(400, "InvalidParameter", `Agent pool name '${name}' is used more than once.`, { target: "agentPoolProfiles" });
    seen.add(name);
    checkAutoscaler(request, name);
    const existing = env.store.get(poolIdOf(clusterId, name));
    const current = existing ? String(props(existing).currentOrchestratorVersion ?? "") : undefined;
    const version = request.orchestratorVersion ? resolveVersion(request.orchestratorVersion, "pool", controlPlane) : (current ?? controlPlane);
    checkPoolVersion(controlPlane, version, current);
    return { name, request, existing, version };
  });
  checkNodeCapacity(env, location, prepared.map((p) => nodeDemand(poolIdOf(clusterId, p.name), p.request, p.existing && props(p.existing))));
  // Validate every pool before changing any: bad input changes nothing.
  for (const { name, request, existing, version } of prepared) {
    const id = poolIdOf(clusterId, name);
    const previous = existing ? props(existing) : undefined;
    const properties = poolProperties(request, version, previous);
    properties.mode = request.mode ?? previous?.mode ?? "User";
    properties.provisioningState = existing ? "Updating" : "Creating";
    properties.eTag = newEtag();
    env.store.put(id, { id, name, type: POOL_TYPE, properties, systemData: systemData(req.caller, env.now(), existing?.body.systemData) });
    touched.push(id);
  }
  return touched;
}

function putCluster(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const { subscriptionId: sub, resourceGroupName: rg, resourceName: name } = req.params as Record<string, string>;
  requireResourceGroup(env, sub!, rg!, { forWrite: true });
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,61}[a-zA-Z0-9]?$/.test(name!)) {
    throw new ArmError(400, "InvalidParameter", `The value of parameter name is invalid. Error details: '${name}' must be 1-63 characters of letters, digits, underscores and hyphens. Please see https://aka.ms/aks-naming-rules for more details.`, { target: "name" });
  }
  const body = parseBody(clusterRequestSchema, req.body, "InvalidParameter");
  const location = locationName(env.settings.locations, body.location);
  if (!location) throw new ArmError(400, "LocationNotAvailableForResourceType", `The provided location '${body.location}' is not available for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for the resource type is '${env.settings.locations.map((l) => l.name).join(",")}'.`);
  const id = clusterIdOf(req.params);
  const existing = env.store.get(id);
  if (existing) {
    checkIfMatch(req, existing.body.eTag);
    refuseIfBusy(env, id);
    if (existing.body.location !== location) throw new ArmError(400, "OperationNotAllowed", "Changing property 'location' is not allowed.", { target: "location" });
  } else if (typeof req.headers["if-match"] === "string") {
    throw new ArmError(412, "PreconditionFailed", "The resource does not exist, so the If-Match header cannot match.");
  }

  const previous = existing ? props(existing) : undefined;
  const currentVersion = previous ? String(previous.currentKubernetesVersion) : undefined;
  // The SDK samples send "" for "the default version".
  const version = body.properties.kubernetesVersion ? resolveVersion(body.properties.kubernetesVersion, "cluster") : (currentVersion ?? defaultVersion());
  if (currentVersion) checkControlPlaneChange(currentVersion, version);
  const upgrading = currentVersion !== undefined && version !== currentVersion;
  const dnsPrefix = body.properties.dnsPrefix ?? previous?.dnsPrefix ?? `${name!.slice(0, 10)}-${rg!.slice(0, 16)}`.replace(/[^a-zA-Z0-9-]/g, "");
  if (previous && body.properties.dnsPrefix && body.properties.dnsPrefix !== previous.dnsPrefix) {
    throw new ArmError(400, "PropertyChangeNotAllowed", "Changing property 'dnsPrefix' is not allowed.", { target: "dnsPrefix" });
  }

  const requestProps: Record<string, unknown> = withoutSecrets(body.properties);
  delete requestProps.agentPoolProfiles;
  const properties: Record<string, unknown> = {
    ...(previous ?? {}),
    ...requestProps,
    provisioningState: existing ? (upgrading ? "Upgrading" : "Updating") : "Creating",
    powerState: { code: "Running" },
    kubernetesVersion: version,
    currentKubernetesVersion: currentVersion ?? version,
    dnsPrefix,
    fqdn: clusterFqdn(String(dnsPrefix), id, location),
    azurePortalFQDN: clusterFqdn(String(dnsPrefix), id, location).replace(".hcp.", ".portal.hcp."),
    nodeResourceGroup: body.properties.nodeResourceGroup ?? previous?.nodeResourceGroup ?? `MC_${rg}_${name}_${location}`,
    enableRBAC: body.properties.enableRBAC ?? previous?.enableRBAC ?? true,
    maxAgentPools: 100,
    supportPlan: "KubernetesOfficial",
    networkProfile: {
      networkPlugin: "azure",
      networkPolicy: "none",
      loadBalancerSku: "standard",
      outboundType: "loadBalancer",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIP: "10.0.0.10",
      ipFamilies: ["IPv4"],
      ...((previous?.networkProfile as Record<string, unknown> | undefined) ?? {}),
      ...(body.properties.networkProfile ?? {}),
    },
  };
  const oidc = properties.oidcIssuerProfile as { enabled?: boolean } | undefined;
  properties.oidcIssuerProfile = oidc?.enabled ? { enabled: true, issuerURL: oidcIssuerUrl(id, location, env.settings.tenantId) } : { enabled: false };
  const tokens = existing?.internal?.tokens ?? newClusterTokens();
  const cluster: Record<string, unknown> = {
    id: existing?.id ?? id,
    name: existing?.body.name ?? name,
    type: CLUSTER_TYPE,
    location,
    ...(body.tags ? { tags: body.tags } : existing?.body.tags ? { tags: existing.body.tags } : {}),
    sku: { name: "Base", tier: "Free", ...((existing?.body.sku as object | undefined) ?? {}), ...(body.sku ?? {}) },
    identity: existing?.body.identity ?? clusterIdentity(body, env.settings.tenantId),
    eTag: newEtag(),
    systemData: systemData(req.caller, env.now(), existing?.body.systemData),
    properties,
  };
  // Pools are validated inside applyPoolProfiles; on a refusal the cluster is put back as it was.
  const clusterKey = existing?.id ?? id;
  const snapshotBefore = existing ? structuredClone(existing.body) : undefined;
  env.store.put(clusterKey, cluster, { tokens });
  let pools: string[];
  try {
    pools = applyPoolProfiles(env, req, clusterKey, body, version, !existing, location);
  } catch (err) {
    if (snapshotBefore) env.store.put(clusterKey, snapshotBefore);
    else env.store.delete(clusterKey);
    throw err;
  }
  syncProfiles(env, clusterKey);
  const op = env.operations.begin({
    subscriptionId: sub!,
    namespace: "Microsoft.ContainerService",
    location,
    resourceId: clusterKey,
    kind: `Microsoft.ContainerService/managedClusters/${existing ? (upgrading ? "upgrade" : "update") : "create"}`,
    completion: CLUSTER_PUT,
    args: { pools },
    result: "resource",
    fault: req.lroFault,
  });
  const stored = env.store.get(clusterKey)!;
  return ok(snapshot(stored.body), existing ? 200 : 201, lroHeaders(env, op, { asyncOperation: "operations", apiVersion: req.apiVersion }));
}

/** AKS never answers secrets it was given (service principal secret, Windows admin password). */
function withoutSecrets(properties: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(properties);
  const sp = out.servicePrincipalProfile as Record<string, unknown> | undefined;
  if (sp) delete sp.secret;
  const win = out.windowsProfile as Record<string, unknown> | undefined;
  if (win) delete win.adminPassword;
  return out;
}

function clusterIdentity(body: ClusterRequest, tenantId: string): Record<string, unknown> {
  const type = body.identity?.type ?? "SystemAssigned";
  if (type === "UserAssigned") {
    const requested = (body.identity as { userAssignedIdentities?: Record<string, unknown> } | undefined)?.userAssignedIdentities ?? {};
    return {
      type,
      userAssignedIdentities: Object.fromEntries(Object.keys(requested).map((id) => [id, { clientId: randomUUID(), principalId: randomUUID() }])),
    };
  }
  return type === "None" ? { type } : { type, principalId: randomUUID(), tenantId };
}

const tagsOnlySchema = z.object({ tags: z.record(z.string(), z.string()) }).strict();

/** ManagedClusters_UpdateTags: tags only, answered at once (no node changes, nothing to wait for). */
function updateTags(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const cluster = requireCluster(env, req.params);
  checkIfMatch(req, cluster.body.eTag);
  refuseIfBusy(env, cluster.id);
  const { tags } = parseBody(tagsOnlySchema, req.body, "InvalidParameter");
  const updated = env.store.update(cluster.id, (b) => {
    b.tags = tags;
    b.eTag = newEtag();
    b.systemData = systemData(req.caller, env.now(), b.systemData);
  });
  return ok(snapshot(updated!.body));
}

function deleteCluster(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
  const id = clusterIdOf(req.params);
  const cluster = env.store.get(id);
  if (!cluster) return { status: 204 };
  checkIfMatch(req, cluster.body.eTag);
  const running = env.operations.inFlightFor(cluster.id);
  if (running?.completion !== CLUSTER_DELETE) refuseIfBusy(env, cluster.id);
  const op =
    running?.completion === CLUSTER_DELETE
      ? running
      : env.operations.begin({
          subscriptionId: req.params.subscriptionId!,
          namespace: "Microsoft.ContainerService",
          location: String(cluster.body.location),
          resourceId: cluster.id,
          kind: CLUSTER_DELETE,
          completion: CLUSTER_DELETE,
          result: "none",
          fault: req.lroFault,
        });
  env.store.update(cluster.id, (b) => {
    (b.properties as Record<string, unknown>).provisioningState = "Deleting";
  });
  return { status: 202, headers: lroHeaders(env, op, { asyncOperation: "operations", location: true, apiVersion: req.apiVersion }) };
}

function upgradeProfile(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const cluster = requireCluster(env, req.params);
  const p = props(cluster);
  const current = String(p.currentKubernetesVersion);
  const toUpgrade = (v: string) => ({ kubernetesVersion: v, ...(isPreview(v) ? { isPreview: true } : {}) });
  return ok({
    id: `${cluster.id}/upgradeprofiles/default`,
    name: "default",
    type: "Microsoft.ContainerService/managedClusters/upgradeprofiles",
    properties: {
      controlPlaneProfile: { kubernetesVersion: current, name: "master", osType: "Linux", upgrades: upgradesFrom(current).map(toUpgrade) },
      agentPoolProfiles: env.store.children(cluster.id, "agentPools").map((pool) => {
        const v = String(props(pool).currentOrchestratorVersion);
        return { kubernetesVersion: v, name: pool.body.name, osType: props(pool).osType ?? "Linux", upgrades: upgradesFrom(v, current).map(toUpgrade) };
      }),
    },
  });
}

function credentials(role: "user" | "admin", hook: () => KubernetesApiHook) {
  return async (req: ArmRequest, env: ArmEnvironment): Promise<ArmResponse> => {
    const cluster = requireCluster(env, req.params);
    const state = props(cluster).provisioningState;
    if (state === "Creating" || state === "Deleting") {
      throw new ArmError(409, "OperationNotAllowed", `The cluster is in '${String(state)}' state; its credentials are not available yet.`);
    }
    const info = clusterInfo(env, cluster);
    const access = await hook().access(info, role);
    const value = Buffer.from(kubeconfigYaml(info, role, access), "utf8").toString("base64");
    return ok({ kubeconfigs: [{ name: role === "admin" ? "clusterAdmin" : "clusterUser", value }] });
  };
}

export function clusterRoutes(hook: () => KubernetesApiHook): ArmRoute[] {
  const v = API_VERSIONS;
  return [
    { method: "PUT", path: clusterPath, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/write", handle: putCluster },
    {
      method: "GET",
      path: clusterPath,
      apiVersions: v,
      action: "Microsoft.ContainerService/managedClusters/read",
      handle: (req, env) => ok(snapshot(requireCluster(env, req.params).body)),
    },
    { method: "DELETE", path: clusterPath, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/delete", handle: deleteCluster },
    { method: "PATCH", path: clusterPath, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/write", handle: updateTags },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters",
      apiVersions: v,
      action: "Microsoft.ContainerService/managedClusters/read",
      handle: (req, env) => {
        const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        const prefix = `${group.id}/providers/Microsoft.ContainerService/managedClusters/`.toLowerCase();
        return pageOf(env, req, clusters(env).filter((c) => c.id.toLowerCase().startsWith(prefix)).map((c) => snapshot(c.body)));
      },
    },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/managedClusters",
      apiVersions: v,
      action: "Microsoft.ContainerService/managedClusters/read",
      handle: (req, env) => pageOf(env, req, clusters(env).map((c) => snapshot(c.body))),
    },
    { method: "GET", path: `${clusterPath}/upgradeProfiles/default`, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/upgradeProfiles/read", handle: upgradeProfile },
    {
      method: "POST",
      path: `${clusterPath}/listClusterUserCredential`,
      apiVersions: v,
      action: "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
      handle: credentials("user", hook),
    },
    {
      method: "POST",
      path: `${clusterPath}/listClusterAdminCredential`,
      apiVersions: v,
      action: "Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action",
      handle: credentials("admin", hook),
    },
  ];
}

function clusters(env: ArmEnvironment) {
  return env.store.all().filter((r) => String(r.body.type).toLowerCase() === CLUSTER_TYPE.toLowerCase());
}

