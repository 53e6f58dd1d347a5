/**
 * The idempotent apply every deploy step shares, like `reconcile` for ARM: read the object; when
 * the cluster already holds every field the manifest sets, "unchanged" (nothing is sent); else
 * server-side apply (field manager `openhands-console`, force: the console owns these objects)
 * and report created / updated with the differing paths — never values.
 */
import { PatchStrategy, type KubernetesObject } from "@kubernetes/client-node";
import type { ResourceChange, ResourceOutcome, StepOutcome } from "../types";
import { objectDifferences } from "./compare";
import { FIELD_MANAGER, objectRef, type KubeApplyContext } from "./context";
import { fromKubernetes, isNotFound } from "./errors";

export interface Manifest extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface ApplyOptions {
  /** Values that must never appear in an error message (the Secret's own values). */
  secretValues?: string[];
}

export function displayName(m: Manifest): string {
  return m.metadata.namespace ? `${m.metadata.namespace}/${m.metadata.name}` : m.metadata.name;
}

/** The object as the cluster has it, or undefined (404). */
export async function readObject<T extends KubernetesObject>(d: KubeApplyContext, m: Manifest, secretValues: string[] = []): Promise<T | undefined> {
  try {
    return await d.kube.objects.read<T>({ apiVersion: m.apiVersion, kind: m.kind, metadata: { name: m.metadata.name, ...(m.metadata.namespace ? { namespace: m.metadata.namespace } : {}) } });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw fromKubernetes(err, `reading ${m.kind} ${displayName(m)}`, secretValues);
  }
}

export async function applyObject(d: KubeApplyContext, key: string, m: Manifest, opts: ApplyOptions = {}): Promise<ResourceOutcome> {
  const base = { key, type: `Kubernetes/${m.kind}`, name: displayName(m), resourceId: objectRef(d.target, m.kind, m.metadata.namespace, m.metadata.name) };
  const current = await readObject(d, m, opts.secretValues);
  const drift = current === undefined ? [] : objectDifferences(m, current);
  if (current !== undefined && drift.length === 0) return { ...base, change: "unchanged" };
  if (current !== undefined) d.step.log(`${key}: ${m.kind} ${displayName(m)} differs (${drift.slice(0, 5).join(", ")}); applying`);
  try {
    await d.kube.objects.patch(m, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  } catch (err) {
    throw fromKubernetes(err, `applying ${m.kind} ${displayName(m)}`, opts.secretValues);
  }
  return current === undefined ? { ...base, change: "created" } : { ...base, change: "updated", drift: drift.slice(0, 10) };
}

/** Applies manifests in order (namespaces before what lives in them). */
export async function applyAll(d: KubeApplyContext, manifests: { key: string; manifest: Manifest }[], opts: ApplyOptions = {}): Promise<ResourceOutcome[]> {
  const out: ResourceOutcome[] = [];
  for (const { key, manifest } of manifests) {
    const outcome = await applyObject(d, key, manifest, opts);
    d.step.log(`${key}: ${outcome.change}`);
    out.push(outcome);
  }
  return out;
}

/** The step's record: "unchanged" only when every object was. */
export function stepOutcome(title: string, outcomes: ResourceOutcome[]): StepOutcome {
  const count = (c: ResourceChange) => outcomes.filter((o) => o.change === c).length;
  const change: ResourceChange = count("created") > 0 ? "created" : count("updated") > 0 ? "updated" : "unchanged";
  const summary =
    change === "unchanged"
      ? `unchanged: all ${outcomes.length} Kubernetes objects already match the plan`
      : `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged`;
  return { change, summary: `${title}: ${summary}`, resources: outcomes };
}
