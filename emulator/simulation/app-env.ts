/**
 * Which pods run the OpenHands app server, and the environment its container would see:
 * literal `env`, `valueFrom.secretKeyRef` / `configMapKeyRef`, and `envFrom` (secrets and config
 * maps, with `prefix`), read from the cluster's store as the kubelet would at container start.
 * References that cannot be resolved are reported, not guessed (a real kubelet refuses to start
 * the container with CreateContainerConfigError unless the reference is optional).
 */
import { z } from "zod";
import type { Container, Pod } from "../kubernetes/model";
import type { ObjectStore } from "../kubernetes/store";
import { typeOf } from "../kubernetes/resources";

const SECRET = typeOf("Secret");
const CONFIG_MAP = typeOf("ConfigMap");

/** OpenHands app / enterprise-server images (knowledge §5), not the runtime, agent-server or runtime-api images. */
const APP_IMAGE = /(^|\/)(openhands\/(openhands|enterprise-server)|all-hands-ai\/openhands|openhands\/openhands-enterprise)(:|@|$)/i;

export function isOpenHandsAppContainer(c: Container): boolean {
  return APP_IMAGE.test(c.image ?? "");
}

/** The app container of an OpenHands app pod (label `app: openhands` or an app image), if any. */
export function openHandsAppContainer(pod: Pod): Container | undefined {
  const byImage = pod.spec.containers.find(isOpenHandsAppContainer);
  if (byImage) return byImage;
  return pod.metadata.labels?.app === "openhands" ? pod.spec.containers[0] : undefined;
}

const keyRef = z.object({ name: z.string().optional(), key: z.string(), optional: z.boolean().optional() });
const envVar = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.object({ secretKeyRef: keyRef.optional(), configMapKeyRef: keyRef.optional() }).loose().optional(),
});
const envFromSource = z.object({
  prefix: z.string().optional(),
  secretRef: z.object({ name: z.string().optional(), optional: z.boolean().optional() }).optional(),
  configMapRef: z.object({ name: z.string().optional(), optional: z.boolean().optional() }).optional(),
});
const containerEnv = z.object({ env: z.array(envVar).optional(), envFrom: z.array(envFromSource).optional() }).loose();

export interface ResolvedEnv {
  env: Record<string, string>;
  /** Human-readable problems, e.g. `secret "openhands-db" not found`. */
  problems: string[];
}

function sourceData(store: ObjectStore, kind: "Secret" | "ConfigMap", namespace: string, name: string): Record<string, string> | undefined {
  const obj = store.get(kind === "Secret" ? SECRET : CONFIG_MAP, namespace, name);
  if (!obj) return undefined;
  const data = z.record(z.string(), z.string()).catch({}).parse(obj.data ?? {});
  if (kind === "ConfigMap") return data;
  const decoded: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) decoded[k] = Buffer.from(v, "base64").toString("utf8");
  // Secrets applied with stringData are folded into data by the API server; read both to be safe.
  const stringData = z.record(z.string(), z.string()).catch({}).parse(obj.stringData ?? {});
  return { ...decoded, ...stringData };
}

export function resolveContainerEnv(store: ObjectStore, namespace: string, container: Container): ResolvedEnv {
  const parsed = containerEnv.safeParse(container);
  const env: Record<string, string> = {};
  const problems: string[] = [];
  if (!parsed.success) return { env, problems: [`container ${container.name}: env is malformed`] };
  // envFrom first: explicit env entries win, as in Kubernetes.
  for (const src of parsed.data.envFrom ?? []) {
    const ref = src.secretRef ?? src.configMapRef;
    const kind = src.secretRef ? "Secret" : "ConfigMap";
    if (!ref?.name) continue;
    const data = sourceData(store, kind, namespace, ref.name);
    if (!data) {
      if (!ref.optional) problems.push(`${kind === "Secret" ? "secret" : "configmap"} "${ref.name}" not found`);
      continue;
    }
    for (const [k, v] of Object.entries(data)) env[`${src.prefix ?? ""}${k}`] = v;
  }
  for (const e of parsed.data.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env[name] ?? m);
      continue;
    }
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (!ref) {
      if (!e.valueFrom) env[e.name] = "";
      continue;
    }
    const kind = e.valueFrom?.secretKeyRef ? "Secret" : "ConfigMap";
    const data = ref.name ? sourceData(store, kind, namespace, ref.name) : undefined;
    const value = data?.[ref.key];
    if (value === undefined) {
      if (!ref.optional) problems.push(data ? `couldn't find key ${ref.key} in ${kind} ${namespace}/${ref.name ?? ""}` : `${kind === "Secret" ? "secret" : "configmap"} "${ref.name ?? ""}" not found`);
      continue;
    }
    env[e.name] = value;
  }
  return { env, problems };
}
