/**
 * Finds the resource a metrics or alert request is about, in the ARM store: top-level resources
 * (`…/providers/{ns}/{type}/{name}`) and one level of children (`…/storageAccounts/x/blobServices/default`).
 * A child that the store does not hold is accepted when its parent exists and a metric catalog
 * knows its type (the blob service of an account always exists on Azure).
 */
import { armErrors } from "../../core/errors";
import { parseResourceId, resourceGroupId } from "../../core/paths";
import { requireResourceGroup } from "../../core/resource-helpers";
import type { ArmEnvironment } from "../../core/types";
import { catalogFor } from "./catalog";
import type { MetricResource } from "./catalog/types";

export interface ResourcePath {
  subscriptionId: string;
  resourceGroupName: string;
  namespace: string;
  type: string;
  name: string;
  childType?: string;
  childName?: string;
}

/** The type as the metric catalog spells it (Azure Monitor's own spelling), else as stored, else as asked. */
function canonicalType(spelled: string, stored: unknown): string {
  const catalog = catalogFor(spelled)?.resourceType;
  if (catalog) return catalog;
  return typeof stored === "string" && stored.toLowerCase() === spelled.toLowerCase() ? stored : spelled;
}

function createdMs(createdAt: string): { createdAt?: number } {
  const ms = Date.parse(createdAt);
  return Number.isFinite(ms) ? { createdAt: ms } : {};
}

export function findMetricResource(env: ArmEnvironment, p: ResourcePath): MetricResource {
  const group = requireResourceGroup(env, p.subscriptionId, p.resourceGroupName);
  const groupId = resourceGroupId(p.subscriptionId, String(group.body.name ?? p.resourceGroupName));
  const parentId = `${groupId}/providers/${p.namespace}/${p.type}/${p.name}`;
  const parent = env.store.get(parentId);
  const parentType = `${p.namespace}/${p.type}`;
  if (!parent) throw armErrors.resourceNotFound(parentType, p.name, p.resourceGroupName);
  const location = String(parent.body.location ?? "");
  const createdAt = createdMs(parent.createdAt);
  if (p.childType === undefined || p.childName === undefined) {
    return { id: parent.id, type: canonicalType(parentType, parent.body.type), location, body: parent.body, ...createdAt };
  }
  const childType = `${parentType}/${p.childType}`;
  const childId = `${parent.id}/${p.childType}/${p.childName}`;
  const child = env.store.get(childId);
  if (!child && !catalogFor(childType)) throw armErrors.resourceNotFound(childType, `${p.name}/${p.childName}`, p.resourceGroupName);
  // A child the store does not hold (the blob service) exists since its parent does.
  return { id: child?.id ?? childId, type: canonicalType(childType, child?.body.type), location, body: child?.body, ...(child ? createdMs(child.createdAt) : createdAt) };
}

/** A scope of a metric alert (a full resource id) as a metric resource, or undefined when it is not in the store. */
export function metricResourceById(env: ArmEnvironment, id: string): MetricResource | undefined {
  const parsed = parseResourceId(id);
  if (!parsed?.resourceGroup || !parsed.type) return undefined;
  const stored = env.store.get(id);
  if (!stored) return undefined;
  return { id: stored.id, type: canonicalType(parsed.type, stored.body.type), location: String(stored.body.location ?? ""), body: stored.body, ...createdMs(stored.createdAt) };
}
