/**
 * What every deploy step works with: the plan's OpenHands settings, the Azure resources they run
 * on (found in the plan by type), and Kubernetes clients built from the cluster's USER kubeconfig,
 * fetched from ARM (listClusterUserCredential) at the start of each step run and never stored.
 */
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { clusterUserKubeconfig } from "../kubernetes";
import type { DesiredOpenHands, DesiredPlan, DesiredResource, StepContext } from "../types";
import { DeployError } from "./errors";

/** The Azure resources of the plan the deploy steps read (names as planned). */
export interface DeployTarget {
  resourceGroup: string;
  cluster: string;
  /** ARM id of the AKS cluster (shown beside the Kubernetes objects). */
  clusterId: string;
  postgresServer: string;
  redisCache: string;
}

export interface KubeClients {
  objects: KubernetesObjectApi;
  core: CoreV1Api;
  apps: AppsV1Api;
}

export interface DeployContext {
  step: StepContext;
  openhands: DesiredOpenHands;
  target: DeployTarget;
  kube: KubeClients;
}

/** What the shared apply needs: the step, the kube clients, and the cluster's name (object refs). */
export interface KubeApplyContext {
  step: StepContext;
  kube: KubeClients;
  target: Pick<DeployTarget, "cluster">;
}

export const DEFAULT_READY_TIMEOUT_MS = 10 * 60_000;
/** Field manager of every server-side apply: `kubectl get -o yaml --show-managed-fields` names the console. */
export const FIELD_MANAGER = "openhands-console";

function resourceOfType(plan: DesiredPlan, type: string): DesiredResource {
  const r = plan.resources.find((x) => x.type.toLowerCase() === type.toLowerCase());
  if (!r) throw new DeployError("PlanIncomplete", `The plan has no ${type} resource, which the OpenHands deployment needs`);
  return r;
}

export function deployTarget(plan: DesiredPlan): DeployTarget {
  const aks = resourceOfType(plan, "Microsoft.ContainerService/managedClusters");
  const pg = resourceOfType(plan, "Microsoft.DBforPostgreSQL/flexibleServers");
  const redis = resourceOfType(plan, "Microsoft.Cache/redis");
  const sub = plan.environment.subscriptionId;
  return {
    resourceGroup: aks.resourceGroup,
    cluster: aks.name,
    clusterId: `/subscriptions/${sub}/resourceGroups/${aks.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${aks.name}`,
    postgresServer: pg.name,
    redisCache: redis.name,
  };
}

export function kubeClients(kubeconfigYaml: string): KubeClients {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  return { objects: KubernetesObjectApi.makeApiClient(kc), core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
}

export async function openDeployContext(step: StepContext, plan: DesiredPlan): Promise<DeployContext> {
  if (!plan.openhands) throw new DeployError("PlanIncomplete", "The stored plan has no OpenHands settings; start setup again from the Review page");
  const target = deployTarget(plan);
  const kubeconfig = await clusterUserKubeconfig(step, target.resourceGroup, target.cluster);
  return { step, openhands: plan.openhands, target, kube: kubeClients(kubeconfig) };
}

/**
 * How an object appears on the operation page: `kubernetes:<cluster>/namespaces/<ns>/<kind>s/<name>`.
 * Deliberately not an ARM id (the page links ARM ids to the Azure portal, which has no such page).
 */
export function objectRef(target: Pick<DeployTarget, "cluster">, kind: string, namespace: string | undefined, name: string): string {
  const lower = kind.toLowerCase();
  const plural = lower.endsWith("s") ? `${lower}es` : `${lower}s`; // ingress → ingresses
  return `kubernetes:${target.cluster}/${namespace ? `namespaces/${namespace}/` : ""}${plural}/${name}`;
}
