/** The resource types the emulated API server serves (what discovery advertises and routing accepts). */

export interface ResourceType {
  group: string; // "" = core
  version: string;
  resource: string; // plural, as in URLs
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  subresources?: { name: string; kind: string; verbs: string[] }[];
  /** Only readable: metrics.k8s.io objects are computed, never stored. */
  virtual?: boolean;
}

const rw = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const all = ["all"];

export const RESOURCE_TYPES: ResourceType[] = [
  { group: "", version: "v1", resource: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false, shortNames: ["ns"], verbs: rw.filter((v) => v !== "deletecollection"), subresources: [{ name: "status", kind: "Namespace", verbs: ["get", "patch", "update"] }] },
  { group: "", version: "v1", resource: "nodes", singular: "node", kind: "Node", namespaced: false, shortNames: ["no"], verbs: rw, subresources: [{ name: "status", kind: "Node", verbs: ["get", "patch", "update"] }] },
  {
    group: "", version: "v1", resource: "pods", singular: "pod", kind: "Pod", namespaced: true, shortNames: ["po"], categories: all, verbs: rw,
    subresources: [
      { name: "status", kind: "Pod", verbs: ["get", "patch", "update"] },
      { name: "log", kind: "Pod", verbs: ["get"] },
      { name: "eviction", kind: "Eviction", verbs: ["create"] },
    ],
  },
  { group: "", version: "v1", resource: "services", singular: "service", kind: "Service", namespaced: true, shortNames: ["svc"], categories: all, verbs: rw, subresources: [{ name: "status", kind: "Service", verbs: ["get", "patch", "update"] }] },
  { group: "", version: "v1", resource: "endpoints", singular: "endpoints", kind: "Endpoints", namespaced: true, shortNames: ["ep"], verbs: rw },
  { group: "", version: "v1", resource: "configmaps", singular: "configmap", kind: "ConfigMap", namespaced: true, shortNames: ["cm"], verbs: rw },
  { group: "", version: "v1", resource: "secrets", singular: "secret", kind: "Secret", namespaced: true, verbs: rw },
  { group: "", version: "v1", resource: "persistentvolumeclaims", singular: "persistentvolumeclaim", kind: "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], verbs: rw, subresources: [{ name: "status", kind: "PersistentVolumeClaim", verbs: ["get", "patch", "update"] }] },
  { group: "", version: "v1", resource: "events", singular: "event", kind: "Event", namespaced: true, shortNames: ["ev"], verbs: rw },
  { group: "", version: "v1", resource: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount", namespaced: true, shortNames: ["sa"], verbs: rw },
  {
    group: "apps", version: "v1", resource: "deployments", singular: "deployment", kind: "Deployment", namespaced: true, shortNames: ["deploy"], categories: all, verbs: rw,
    subresources: [
      { name: "status", kind: "Deployment", verbs: ["get", "patch", "update"] },
      { name: "scale", kind: "Scale", verbs: ["get", "patch", "update"] },
    ],
  },
  {
    group: "apps", version: "v1", resource: "replicasets", singular: "replicaset", kind: "ReplicaSet", namespaced: true, shortNames: ["rs"], categories: all, verbs: rw,
    subresources: [
      { name: "status", kind: "ReplicaSet", verbs: ["get", "patch", "update"] },
      { name: "scale", kind: "Scale", verbs: ["get", "patch", "update"] },
    ],
  },
  { group: "discovery.k8s.io", version: "v1", resource: "endpointslices", singular: "endpointslice", kind: "EndpointSlice", namespaced: true, verbs: rw },
  { group: "networking.k8s.io", version: "v1", resource: "ingresses", singular: "ingress", kind: "Ingress", namespaced: true, shortNames: ["ing"], verbs: rw, subresources: [{ name: "status", kind: "Ingress", verbs: ["get", "patch", "update"] }] },
  { group: "policy", version: "v1", resource: "poddisruptionbudgets", singular: "poddisruptionbudget", kind: "PodDisruptionBudget", namespaced: true, shortNames: ["pdb"], verbs: rw, subresources: [{ name: "status", kind: "PodDisruptionBudget", verbs: ["get", "patch", "update"] }] },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", singular: "role", kind: "Role", namespaced: true, verbs: rw },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings", singular: "rolebinding", kind: "RoleBinding", namespaced: true, verbs: rw },
  { group: "metrics.k8s.io", version: "v1beta1", resource: "nodes", singular: "", kind: "NodeMetrics", namespaced: false, verbs: ["get", "list"], virtual: true },
  { group: "metrics.k8s.io", version: "v1beta1", resource: "pods", singular: "", kind: "PodMetrics", namespaced: true, verbs: ["get", "list"], virtual: true },
];

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Store key of a resource type: "apps/deployments", "/pods". */
export function typeKey(t: Pick<ResourceType, "group" | "resource">): string {
  return `${t.group}/${t.resource}`;
}

export function findResourceType(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource);
}

export function resourceTypeForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind && !t.virtual);
}

export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(`${t.group}/${t.version}`, { group: t.group, version: t.version });
  return [...seen.values()];
}

/** Well-known kind lookup for objects we create internally (controllers). */
export function typeOf(kind: string): ResourceType {
  const t = RESOURCE_TYPES.find((r) => r.kind === kind && !r.virtual);
  if (!t) throw new Error(`no resource type for kind ${kind}`);
  return t;
}
