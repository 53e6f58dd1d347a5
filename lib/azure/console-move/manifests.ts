/**
 * The console's Kubernetes objects as the "Move the console" operation applies them (pure): the
 * same objects `kubectl kustomize deploy/kubernetes/overlays/azure` renders — kinds, names,
 * labels, selectors, probes, security context, resources, topology spread, volumes — with the
 * environment's values filled in. Built here rather than read from the YAML so the production
 * image needs no Kustomize files; `manifests.test.ts` renders the overlay and proves they match.
 *
 * The ConfigMap's name carries Kustomize's content hash (`openhands-console-config-<hash>`), so a
 * changed value rolls the pods exactly as a Kustomize apply would. The Secret keeps a fixed name.
 */
import { createHash } from "node:crypto";
import type { Manifest } from "@/lib/azure/provisioning/steps/kubernetes/apply";
import { CONSOLE_NAMESPACE, CONSOLE_SERVICE_ACCOUNT } from "./plan";

export const CONSOLE_APP = "openhands-console";
export const CONSOLE_CONFIG_MAP = "openhands-console-config";
export const CONSOLE_SECRET = "openhands-console-secrets";
export const CONSOLE_TLS_SECRET = "openhands-console-tls";
export const INGRESS_CLASS = "webapprouting.kubernetes.azure.com";
export const CONSOLE_LABELS = { "app.kubernetes.io/name": "openhands-console", "app.kubernetes.io/part-of": "openhands-azure-console" } as const;
/** The pods' labels (and every selector): the common labels plus the component. */
export const CONSOLE_POD_SELECTOR = { "app.kubernetes.io/component": "console", ...CONSOLE_LABELS } as const;
/** Defaults of the base's ConfigMap generator (any Azure); the environment's values merge over them. */
export const BASE_CONFIG: Readonly<Record<string, string>> = { LOG_LEVEL: "info", ARM_ENDPOINT: "https://management.azure.com", DATABASE_SSL: "true", DATABASE_POOL_MAX: "10" };

export interface ConsoleObjectsInput {
  image: string;
  replicas: number;
  /** Public host name of the console (Ingress rule and TLS host). */
  host: string;
  /** The managed identity's client id and tenant (ServiceAccount annotations). */
  clientId: string;
  tenantId: string;
  /** The ConfigMap's values beyond BASE_CONFIG (non-secret only). */
  config: Record<string, string>;
}

/** Go's encoding/json escapes these where JSON.stringify does not; Kustomize hashes Go's bytes. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Kustomize's (v5) name suffix of a generated ConfigMap: sha256 of `{"data":…,"kind":"ConfigMap","name":""}`
 * (keys sorted; v5 hashes before the name is set, so the name is empty), first 10 hex digits with
 * 0 1 3 a e replaced by g h k m t (so no word is spelled).
 */
export function kustomizeConfigMapHash(data: Record<string, string>): string {
  const hex = createHash("sha256").update(goJson({ data: sortedRecord(data), kind: "ConfigMap", name: "" })).digest("hex");
  const swap: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join("");
}

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: CONSOLE_NAMESPACE, labels: { ...CONSOLE_LABELS }, ...extra });

export function consoleConfigMap(data: Record<string, string>): Manifest {
  const sorted = sortedRecord(data);
  return { apiVersion: "v1", kind: "ConfigMap", metadata: meta(`${CONSOLE_CONFIG_MAP}-${kustomizeConfigMapHash(sorted)}`), data: sorted };
}

/** The Secret the pods read with envFrom (values plain; Kubernetes stores them base64). */
export function consoleSecret(values: { DATABASE_URL: string; SECRETS_KEY: string }): Manifest {
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")]));
  return { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: meta(CONSOLE_SECRET), data };
}

function deployment(image: string, replicas: number, configMapName: string): Manifest {
  const probe = (extra: Record<string, number>) => ({ httpGet: { path: "/api/health", port: "http" }, ...extra });
  const spread = (topologyKey: string, whenUnsatisfiable: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: { ...CONSOLE_POD_SELECTOR } },
    matchLabelKeys: ["pod-template-hash"],
  });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(CONSOLE_APP),
    spec: {
      replicas,
      revisionHistoryLimit: 5,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { ...CONSOLE_POD_SELECTOR } },
      template: {
        metadata: { labels: { ...CONSOLE_POD_SELECTOR, "azure.workload.identity/use": "true" } },
        spec: {
          serviceAccountName: CONSOLE_SERVICE_ACCOUNT,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
          topologySpreadConstraints: [spread("topology.kubernetes.io/zone", "ScheduleAnyway"), spread("kubernetes.io/hostname", "DoNotSchedule")],
          containers: [
            {
              name: "console",
              image,
              imagePullPolicy: "IfNotPresent",
              ports: [{ name: "http", containerPort: 3000 }],
              envFrom: [{ configMapRef: { name: configMapName } }, { secretRef: { name: CONSOLE_SECRET } }],
              env: [
                { name: "PORT", value: "3000" },
                { name: "HOSTNAME", value: "0.0.0.0" },
              ],
              readinessProbe: probe({ periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }),
              livenessProbe: probe({ initialDelaySeconds: 20, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 }),
              resources: { requests: { cpu: "250m", memory: "384Mi" }, limits: { memory: "768Mi" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
              volumeMounts: [
                { name: "tmp", mountPath: "/tmp" },
                { name: "next-cache", mountPath: "/app/.next/cache" },
              ],
            },
          ],
          volumes: [
            { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
            { name: "next-cache", emptyDir: { sizeLimit: "256Mi" } },
          ],
        },
      },
    },
  };
}

/**
 * Every object but the Secret, in apply order (the namespace first, the ConfigMap before the
 * Deployment that names it). `config` merges over BASE_CONFIG, as the overlay's generator does.
 */
export function consoleObjects(input: ConsoleObjectsInput): Manifest[] {
  const configMap = consoleConfigMap({ ...BASE_CONFIG, ...input.config });
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: CONSOLE_NAMESPACE, labels: { ...CONSOLE_LABELS } } },
    {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: meta(CONSOLE_SERVICE_ACCOUNT, { annotations: { "azure.workload.identity/client-id": input.clientId, "azure.workload.identity/tenant-id": input.tenantId } }),
      automountServiceAccountToken: false,
    },
    configMap,
    { apiVersion: "v1", kind: "Service", metadata: meta(CONSOLE_APP), spec: { type: "ClusterIP", selector: { ...CONSOLE_POD_SELECTOR }, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
    deployment(input.image, input.replicas, configMap.metadata.name),
    { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta(CONSOLE_APP), spec: { maxUnavailable: 1, selector: { matchLabels: { ...CONSOLE_POD_SELECTOR } } } },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: meta(CONSOLE_APP),
      spec: {
        ingressClassName: INGRESS_CLASS,
        tls: [{ hosts: [input.host], secretName: CONSOLE_TLS_SECRET }],
        rules: [{ host: input.host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: CONSOLE_APP, port: { name: "http" } } } }] } }],
      },
    },
  ];
}
