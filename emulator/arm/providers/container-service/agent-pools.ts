/**
 * Agent pools of a managed cluster: list, get, PUT (create 201 / update 200 + Azure-AsyncOperation),
 * DELETE (202), upgrade profile and upgradeNodeImageVersion (202 + Azure-AsyncOperation + Location).
 */
import { ArmError } from "../../core/errors";
import { lroHeaders } from "../../core/operations";
import { newEtag, ok, pageOf, parseBody, requireResourceGroup, snapshot, systemData } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute } from "../../core/types";
import { poolIdOf, props, refuseIfBusy, requireCluster, requirePool, syncProfiles } from "./cluster-state";
import { API_VERSIONS, NODE_IMAGE_LATEST, POOL_TYPE, checkAutoscaler, checkPoolName, poolProperties, poolRequestSchema } from "./model";
import { checkNodeCapacity } from "../compute/settings";
import { nodeDemand } from "./capacity";
import { checkPoolVersion, isPreview, resolveVersion, upgradesFrom } from "./versions";

export const POOL_PUT = "Microsoft.ContainerService/agentPools/put";
export const POOL_DELETE = "Microsoft.ContainerService/agentPools/delete";
export const POOL_NODE_IMAGE = "Microsoft.ContainerService/agentPools/upgradeNodeImage";

const clusterPath = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}";
const poolPath = `${clusterPath}/agentPools/{agentPoolName}`;

function otherSystemPools(env: ArmEnvironment, clusterId: string, poolName: string): number {
  return env.store.children(clusterId, "agentPools").filter((p) => p.body.name !== poolName && props(p).mode === "System").length;
}

function startPoolOperation(env: ArmEnvironment, req: ArmRequest, poolId: string, location: string, kind: string, completion: string, result: "resource" | "none") {
  return env.operations.begin({
    subscriptionId: req.params.subscriptionId!,
    namespace: "Microsoft.ContainerService",
    location,
    resourceId: poolId,
    kind,
    completion,
    result,
    fault: req.lroFault,
  });
}

function putPool(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!, { forWrite: true });
  const cluster = requireCluster(env, req.params);
  const name = req.params.agentPoolName!;
  checkPoolName(name);
  const request = parseBody(poolRequestSchema, req.body, "InvalidParameter").properties;
  checkAutoscaler(request, name);
  refuseIfBusy(env, cluster.id);
  const id = poolIdOf(cluster.id, name);
  const existing = env.store.get(id);
  const controlPlane = String(props(cluster).currentKubernetesVersion);
  const current = existing ? String(props(existing).currentOrchestratorVersion) : undefined;
  const version = request.orchestratorVersion ? resolveVersion(request.orchestratorVersion, "pool", controlPlane) : (current ?? controlPlane);
  checkPoolVersion(controlPlane, version, current);
  const previous = existing ? props(existing) : undefined;
  const mode = request.mode ?? previous?.mode ?? "User";
  if (previous?.mode === "System" && mode !== "System" && otherSystemPools(env, cluster.id, name) === 0) {
    throw new ArmError(400, "OperationNotAllowed", `Agent pool '${name}' is the last system pool; a cluster must keep at least one system pool.`);
  }
  checkNodeCapacity(env, String(cluster.body.location), [nodeDemand(id, request, previous)]);
  const upgrading = current !== undefined && version !== current;
  const properties = poolProperties(request, version, previous);
  properties.mode = mode;
  properties.provisioningState = existing ? (upgrading ? "Upgrading" : "Updating") : "Creating";
  properties.eTag = newEtag();
  const body = { id: existing?.id ?? id, name: existing?.body.name ?? name, type: POOL_TYPE, properties, systemData: systemData(req.caller, env.now(), existing?.body.systemData) };
  env.store.put(body.id, body);
  syncProfiles(env, cluster.id);
  const kind = `Microsoft.ContainerService/agentPools/${existing ? (upgrading ? "upgrade" : "update") : "create"}`;
  const op = startPoolOperation(env, req, body.id, String(cluster.body.location), kind, POOL_PUT, "resource");
  return ok(snapshot(body), existing ? 200 : 201, lroHeaders(env, op, { asyncOperation: "operations", apiVersion: req.apiVersion }));
}

function deletePool(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const cluster = requireCluster(env, req.params);
  const pool = env.store.get(poolIdOf(cluster.id, req.params.agentPoolName!));
  if (!pool) return { status: 204 };
  const running = env.operations.inFlightFor(pool.id);
  if (running?.completion !== POOL_DELETE) {
    refuseIfBusy(env, cluster.id);
    if (props(pool).mode === "System" && otherSystemPools(env, cluster.id, String(pool.body.name)) === 0) {
      throw new ArmError(400, "OperationNotAllowed", `Agent pool '${String(pool.body.name)}' is the last system pool and cannot be deleted.`);
    }
  }
  const op = running?.completion === POOL_DELETE ? running : startPoolOperation(env, req, pool.id, String(cluster.body.location), POOL_DELETE, POOL_DELETE, "none");
  env.store.update(pool.id, (b) => {
    (b.properties as Record<string, unknown>).provisioningState = "Deleting";
  });
  syncProfiles(env, cluster.id);
  return { status: 202, headers: lroHeaders(env, op, { asyncOperation: "operations", location: true, apiVersion: req.apiVersion }) };
}

function upgradeNodeImage(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const cluster = requireCluster(env, req.params);
  const pool = requirePool(env, cluster.id, req.params.agentPoolName!, req.params.resourceGroupName!);
  refuseIfBusy(env, cluster.id);
  env.store.update(pool.id, (b) => {
    (b.properties as Record<string, unknown>).provisioningState = "UpgradingNodeImageVersion";
  });
  syncProfiles(env, cluster.id);
  const op = startPoolOperation(env, req, pool.id, String(cluster.body.location), POOL_NODE_IMAGE, POOL_NODE_IMAGE, "resource");
  return ok(snapshot(env.store.get(pool.id)!.body), 202, lroHeaders(env, op, { asyncOperation: "operations", location: true, apiVersion: req.apiVersion }));
}

function poolUpgradeProfile(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const cluster = requireCluster(env, req.params);
  const pool = requirePool(env, cluster.id, req.params.agentPoolName!, req.params.resourceGroupName!);
  const v = String(props(pool).currentOrchestratorVersion);
  return ok({
    id: `${pool.id}/upgradeProfiles/default`,
    name: "default",
    type: "Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles",
    properties: {
      kubernetesVersion: v,
      osType: props(pool).osType ?? "Linux",
      upgrades: upgradesFrom(v, String(props(cluster).currentKubernetesVersion)).map((u) => ({ kubernetesVersion: u, ...(isPreview(u) ? { isPreview: true } : {}) })),
      latestNodeImageVersion: NODE_IMAGE_LATEST,
    },
  });
}

export function agentPoolRoutes(): ArmRoute[] {
  const v = API_VERSIONS;
  const read = "Microsoft.ContainerService/managedClusters/agentPools/read";
  return [
    {
      method: "GET",
      path: `${clusterPath}/agentPools`,
      apiVersions: v,
      action: read,
      handle: (req, env) => pageOf(env, req, env.store.children(requireCluster(env, req.params).id, "agentPools").map((p) => snapshot(p.body))),
    },
    {
      method: "GET",
      path: poolPath,
      apiVersions: v,
      action: read,
      handle: (req, env) => ok(snapshot(requirePool(env, requireCluster(env, req.params).id, req.params.agentPoolName!, req.params.resourceGroupName!).body)),
    },
    { method: "PUT", path: poolPath, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/agentPools/write", handle: putPool },
    { method: "DELETE", path: poolPath, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/agentPools/delete", handle: deletePool },
    { method: "GET", path: `${poolPath}/upgradeProfiles/default`, apiVersions: v, action: "Microsoft.ContainerService/managedClusters/agentPools/upgradeProfiles/read", handle: poolUpgradeProfile },
    {
      method: "POST",
      path: `${poolPath}/upgradeNodeImageVersion`,
      apiVersions: v,
      action: "Microsoft.ContainerService/managedClusters/agentPools/upgradeNodeImageVersion/action",
      handle: upgradeNodeImage,
    },
  ];
}
