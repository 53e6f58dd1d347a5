/**
 * What the API server does to an object before storing it: defaulting (the fields kubectl
 * shows that nobody wrote) and validation with Kubernetes's "is invalid" answers.
 */
import type { Container, Deployment, Pod, PodDisruptionBudget, PodSpec } from "./model";
import { selectorMatches } from "./selectors";
import { invalid, isRecord, type KubeObject, type StatusCause } from "./types";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function defaultContainer(c: Container): Container {
  const tag = (c.image ?? "").split("/").pop() ?? "";
  const latest = !tag.includes(":") || tag.endsWith(":latest");
  const ports = c.ports?.map((p) => ({ protocol: "TCP", ...p }));
  return { terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", imagePullPolicy: latest ? "Always" : "IfNotPresent", resources: {}, ...c, ...(ports ? { ports } : {}) } as Container;
}

export function defaultPodSpec(spec: PodSpec): PodSpec {
  return {
    restartPolicy: "Always",
    terminationGracePeriodSeconds: 30,
    dnsPolicy: "ClusterFirst",
    schedulerName: "default-scheduler",
    serviceAccountName: "default",
    securityContext: {},
    ...spec,
    containers: (spec.containers ?? []).map(defaultContainer),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
  } as PodSpec;
}

function qosClass(spec: PodSpec): string {
  const cs = spec.containers;
  const anyReq = cs.some((c) => c.resources?.requests || c.resources?.limits);
  if (!anyReq) return "BestEffort";
  const guaranteed = cs.every((c) => c.resources?.limits?.cpu && c.resources?.limits?.memory && (c.resources.requests?.cpu ?? c.resources.limits.cpu) === c.resources.limits.cpu && (c.resources.requests?.memory ?? c.resources.limits.memory) === c.resources.limits.memory);
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** Fills defaults in place. */
export function applyDefaults(obj: KubeObject): void {
  switch (obj.kind) {
    case "Pod": {
      const pod = obj as Pod;
      pod.spec = defaultPodSpec(pod.spec);
      const tolerations = pod.spec.tolerations ?? [];
      for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
        if (!tolerations.some((t) => t.key === key)) tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 } as never);
      }
      pod.spec.tolerations = tolerations;
      pod.status = { phase: "Pending", qosClass: qosClass(pod.spec), ...(pod.status ?? {}) };
      break;
    }
    case "Deployment": {
      const d = obj as Deployment;
      d.spec = { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } }, ...d.spec };
      if (!d.spec.strategy?.type) d.spec.strategy = { ...d.spec.strategy, type: "RollingUpdate" };
      if (d.spec.strategy.type === "RollingUpdate" && !d.spec.strategy.rollingUpdate) d.spec.strategy.rollingUpdate = { maxSurge: "25%", maxUnavailable: "25%" };
      if (d.spec.template?.spec) d.spec.template.spec = defaultPodSpec(d.spec.template.spec);
      // kubectl sends `creationTimestamp: null` inside templates; the API server drops zero timestamps.
      const tm = d.spec.template?.metadata as Record<string, unknown> | undefined;
      if (tm && tm.creationTimestamp === null) delete tm.creationTimestamp;
      break;
    }
    case "Service": {
      const spec = (isRecord(obj.spec) ? obj.spec : {}) as Record<string, unknown>;
      const ports = Array.isArray(spec.ports) ? spec.ports.map((p) => (isRecord(p) ? { protocol: "TCP", ...p, targetPort: p.targetPort ?? p.port } : p)) : undefined;
      obj.spec = { type: "ClusterIP", sessionAffinity: "None", ...spec, ...(ports ? { ports } : {}) };
      break;
    }
    case "Namespace":
      obj.spec = { finalizers: ["kubernetes"] };
      obj.status = { phase: "Active" };
      break;
    case "Secret": {
      if (!obj.type) obj.type = "Opaque";
      // stringData is write-only: merged into data (base64) and never stored or returned.
      if (isRecord(obj.stringData)) {
        const data = (isRecord(obj.data) ? obj.data : {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
        obj.data = data;
      }
      delete obj.stringData;
      break;
    }
  }
}

function checkContainers(containers: unknown, field: string, causes: StatusCause[]): void {
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ field, message: "Required value", reason: "FieldValueRequired" });
    return;
  }
  containers.forEach((c, i) => {
    if (!isRecord(c) || typeof c.name !== "string" || !DNS1123_LABEL.test(c.name)) causes.push({ field: `${field}[${i}].name`, message: "Required value: a lowercase RFC 1123 label" });
    if (!isRecord(c) || typeof c.image !== "string" || c.image.trim() === "") causes.push({ field: `${field}[${i}].image`, message: "Required value", reason: "FieldValueRequired" });
  });
}

/** Throws a 422 Invalid Status listing every problem found. */
export function validate(obj: KubeObject): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name;
  const nameRule = obj.kind === "Namespace" || obj.kind === "Service" ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!name || !nameRule.test(name) || name.length > (nameRule === DNS1123_LABEL ? 63 : 253)) {
    causes.push({ field: "metadata.name", message: `Invalid value: "${name ?? ""}": a lowercase RFC 1123 ${nameRule === DNS1123_LABEL ? "label" : "subdomain"} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` });
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (typeof v !== "string" || v.length > 63 || !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v)) causes.push({ field: `metadata.labels`, message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.' (label ${k})` });
  }
  if (obj.kind === "Pod") checkContainers((obj as Pod).spec?.containers, "spec.containers", causes);
  if (obj.kind === "Deployment") {
    const d = obj as Deployment;
    if (!d.spec?.selector) causes.push({ field: "spec.selector", message: "Required value", reason: "FieldValueRequired" });
    else if (!selectorMatches(d.spec.selector, d.spec.template?.metadata?.labels)) causes.push({ field: "spec.template.metadata.labels", message: `Invalid value: ${JSON.stringify(d.spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\`` });
    if (d.spec?.replicas !== undefined && (!Number.isInteger(d.spec.replicas) || d.spec.replicas < 0)) causes.push({ field: "spec.replicas", message: `Invalid value: ${d.spec.replicas}: must be greater than or equal to 0` });
    checkContainers(d.spec?.template?.spec?.containers, "spec.template.spec.containers", causes);
  }
  if (obj.kind === "PodDisruptionBudget") {
    const s = (obj as PodDisruptionBudget).spec ?? {};
    if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) causes.push({ field: "spec", message: "Invalid value: minAvailable and maxUnavailable cannot be both set" });
  }
  if (causes.length > 0) throw invalid(obj.kind, name ?? "", causes);
}

/** Validation of the immutable parts on update. */
export function validateUpdate(prev: KubeObject, next: KubeObject): void {
  if (prev.kind === "Deployment" && JSON.stringify((prev as Deployment).spec.selector) !== JSON.stringify((next as Deployment).spec?.selector)) {
    throw invalid("Deployment", prev.metadata.name, [{ field: "spec.selector", message: `Invalid value: ${JSON.stringify((next as Deployment).spec?.selector)}: field is immutable` }], "apps");
  }
  if (prev.kind === "Pod") {
    const a = (prev as Pod).spec;
    const b = (next as Pod).spec;
    const strip = (s: PodSpec) => JSON.stringify({ ...s, containers: s.containers.map((c) => ({ ...c, image: "" })), activeDeadlineSeconds: 0, tolerations: [] });
    if (b && strip(a) !== strip(b) && a.nodeName === b.nodeName) {
      throw invalid("Pod", prev.metadata.name, [{ field: "spec", message: "Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds`" }]);
    }
  }
}
