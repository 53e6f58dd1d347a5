/**
 * `kubernetes.openhands`: the app's Deployment, Service and Ingress.
 * - Deployment: the release's app image, the ConfigMap as envFrom, secrets by secretKeyRef
 *   (DB_PASS, REDIS_PASSWORD, JWT_SECRET, KEYCLOAK_*, LITE_LLM_API_KEY — only those the plan has),
 *   readiness `/ready` (SELECT 1 + Redis PING), liveness `/alive`, the chart's resources, the
 *   platform pool's nodeSelector, rolling updates that never drop a serving pod (maxUnavailable 0).
 *   The pod template carries a checksum of the ConfigMap and Secrets as they are in the cluster, so
 *   changed configuration rolls the pods (env is read at container start only).
 * - Service `openhands` :80 → 3000; Ingress for the public host, TLS per the plan.
 */
import { createHash } from "node:crypto";
import type { V1ConfigMap, V1Secret } from "@kubernetes/client-node";
import type { DesiredOpenHands, StepOutcome } from "../types";
import { applyAll, readObject, stepOutcome, type Manifest } from "./apply";
import type { DeployContext } from "./context";
import { DeployError } from "./errors";
import { APP_LABELS, APP_NAME, CONFIG_CHECKSUM_ANNOTATION, CONFIG_MAP_NAME, MANAGED_LABELS } from "./labels";

/** Environment variable ← chart secret/key (knowledge/openhands.md §2, §6). */
export const SECRET_ENV: readonly { env: string; secret: string; key: string }[] = [
  { env: "DB_PASS", secret: "postgres-password", key: "password" },
  { env: "REDIS_PASSWORD", secret: "redis", key: "redis-password" },
  { env: "JWT_SECRET", secret: "jwt-secret", key: "jwt-secret" },
  { env: "KEYCLOAK_CLIENT_SECRET", secret: "keycloak-realm", key: "client-secret" },
  { env: "KEYCLOAK_ADMIN_PASSWORD", secret: "keycloak-admin", key: "admin-password" },
  { env: "LITE_LLM_API_KEY", secret: "lite-llm-api-key", key: "lite-llm-api-key" },
];

export const APP_PORT = 3000;
export const APP_REPLICAS = 2;
export const TLS_SECRET_NAME = "openhands-tls";

/** sha256 over the ConfigMap data and the Secrets' data (sorted), hex. Only the hash leaves. */
export function configChecksum(config: Record<string, string> | undefined, secrets: Record<string, Record<string, string> | undefined>): string {
  const h = createHash("sha256");
  const sorted = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
  h.update(JSON.stringify(sorted(config)));
  for (const name of Object.keys(secrets).sort()) h.update(`\n${name}\n${JSON.stringify(sorted(secrets[name]))}`);
  return h.digest("hex");
}

export function deploymentManifest(oh: DesiredOpenHands, checksum: string): Manifest {
  const env = SECRET_ENV.filter((s) => oh.secrets[s.secret]?.[s.key] !== undefined).map((s) => ({
    name: s.env,
    valueFrom: { secretKeyRef: { name: s.secret, key: s.key } },
  }));
  const probe = (path: string, periodSeconds: number, extra: Record<string, number> = {}) => ({
    httpGet: { path, port: APP_PORT },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold: 3,
    ...extra,
  });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: APP_NAME, namespace: oh.namespace, labels: { ...MANAGED_LABELS, ...APP_LABELS, "app.kubernetes.io/version": oh.version } },
    spec: {
      replicas: APP_REPLICAS,
      selector: { matchLabels: { ...APP_LABELS } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...APP_LABELS }, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: checksum } },
        spec: {
          ...(oh.platformNodeSelector ? { nodeSelector: { [oh.platformNodeSelector.key]: oh.platformNodeSelector.value } } : {}),
          securityContext: { runAsUser: 42420, runAsGroup: 42420, runAsNonRoot: true },
          containers: [
            {
              name: APP_NAME,
              image: oh.images.app,
              ports: [{ name: "http", containerPort: APP_PORT }],
              envFrom: [{ configMapRef: { name: CONFIG_MAP_NAME } }],
              env,
              readinessProbe: probe("/ready", 10),
              livenessProbe: probe("/alive", 20, { initialDelaySeconds: 30 }),
              // The chart's defaults (knowledge/openhands.md §6).
              resources: { requests: { cpu: "100m", memory: "1200Mi" }, limits: { memory: "3Gi" } },
            },
          ],
        },
      },
    },
  };
}

export function serviceManifest(oh: DesiredOpenHands): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: APP_NAME, namespace: oh.namespace, labels: { ...MANAGED_LABELS, ...APP_LABELS } },
    spec: { type: "ClusterIP", selector: { ...APP_LABELS }, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
  };
}

/** The IngressClass of AKS' application routing add-on (managed NGINX). */
export const APP_ROUTING_INGRESS_CLASS = "webapprouting.kubernetes.azure.com";

export function ingressManifest(oh: DesiredOpenHands): Manifest {
  const tls = oh.tls;
  const secretName = tls.mode === "existing-secret" ? tls.secretName : tls.mode === "cert-manager" ? TLS_SECRET_NAME : undefined;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: APP_NAME,
      namespace: oh.namespace,
      labels: { ...MANAGED_LABELS, ...APP_LABELS },
      ...(tls.mode === "cert-manager" ? { annotations: { "cert-manager.io/cluster-issuer": tls.issuer } } : {}),
    },
    spec: {
      // Served by AKS' application routing add-on, which setup enables on the cluster.
      ingressClassName: APP_ROUTING_INGRESS_CLASS,
      ...(secretName ? { tls: [{ hosts: [oh.host], secretName }] } : {}),
      rules: [{ host: oh.host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: APP_NAME, port: { number: 80 } } } }] } }],
    },
  };
}

/** The checksum of what the configuration and secrets steps left in the cluster. */
async function clusterChecksum(d: DeployContext): Promise<string> {
  const oh = d.openhands;
  const cm = await readObject<V1ConfigMap>(d, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: CONFIG_MAP_NAME, namespace: oh.namespace } });
  if (!cm) throw new DeployError("OpenHandsConfigurationMissing", `ConfigMap ${oh.namespace}/${CONFIG_MAP_NAME} does not exist`);
  const secrets: Record<string, Record<string, string> | undefined> = {};
  for (const name of Object.keys(oh.secrets)) {
    const s = await readObject<V1Secret>(d, { apiVersion: "v1", kind: "Secret", metadata: { name, namespace: oh.namespace } });
    if (!s) throw new DeployError("OpenHandsSecretMissing", `Secret ${oh.namespace}/${name} does not exist`);
    secrets[name] = s.data;
  }
  return configChecksum(cm.data, secrets);
}

export async function applyOpenHandsApp(d: DeployContext, title: string): Promise<StepOutcome> {
  const oh = d.openhands;
  const checksum = await clusterChecksum(d);
  return stepOutcome(
    title,
    await applyAll(d, [
      { key: "deployment", manifest: deploymentManifest(oh, checksum) },
      { key: "service", manifest: serviceManifest(oh) },
      { key: "ingress", manifest: ingressManifest(oh) },
    ]),
  );
}
