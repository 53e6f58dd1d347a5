import { describe, expect, it } from "vitest";
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { objectDifferences } from "./compare";
import { objectRef } from "./context";
import { configMapManifest } from "./configuration";
import { DeployError, fromKubernetes, scrub } from "./errors";
import { namespaceManifests } from "./namespaces";
import { configChecksum, deploymentManifest, ingressManifest, serviceManifest } from "./openhands-app";
import { sandboxRbacManifests } from "./sandbox-rbac";
import { secretManifest } from "./secrets";
import { diagnosePod, rolloutState } from "./wait-ready";

const oh = buildPlan(makeSetupInput()).openhands;
const facts = { postgresHost: "127.0.10.3", postgresLogin: "ohadmin", redisHost: "127.0.20.3", redisPort: 6379, redisPlainPortEnabled: true };

describe("objectDifferences", () => {
  it("looks only at fields the manifest sets; named lists match by name; int-or-string compares by value", () => {
    const want = { apiVersion: "v1", kind: "Service", metadata: { name: "openhands", labels: { app: "openhands" } }, spec: { ports: [{ name: "http", port: 80, targetPort: 3000 }] } };
    const have = { metadata: { name: "openhands", uid: "u", labels: { app: "openhands", extra: "x" } }, spec: { clusterIP: "10.0.0.1", ports: [{ name: "http", port: 80, targetPort: "3000", protocol: "TCP" }] } };
    expect(objectDifferences(want, have)).toEqual([]);
    expect(objectDifferences(want, { ...have, spec: { ports: [{ name: "http", port: 8080, targetPort: 3000 }] } })).toEqual(["spec.ports[http].port"]);
    expect(objectDifferences(want, { ...have, spec: { ports: [] } })).toEqual(["spec.ports[http]"]);
    expect(objectDifferences({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { A: "1" } }, { metadata: { name: "c" } })).toEqual(["data"]);
  });
});

describe("objectRef", () => {
  it("names the cluster and the API path, and is not an ARM id (no portal link)", () => {
    const target = { resourceGroup: "rg", cluster: "aks-openhands-prod", clusterId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-openhands-prod", postgresServer: "db", redisCache: "c" };
    expect(objectRef(target, "Secret", "openhands", "redis")).toBe("kubernetes:aks-openhands-prod/namespaces/openhands/secrets/redis");
    expect(objectRef(target, "Namespace", undefined, "openhands")).toBe("kubernetes:aks-openhands-prod/namespaces/openhands");
    expect(objectRef(target, "Ingress", "openhands", "openhands")).toBe("kubernetes:aks-openhands-prod/namespaces/openhands/ingresses/openhands");
  });
});

describe("deploy manifests", () => {
  it("namespaces for the app and the sandboxes", () => {
    expect(namespaceManifests(oh).map((m) => m.manifest.metadata.name)).toEqual(["openhands", "openhands-sandboxes"]);
  });

  it("the ConfigMap takes DB_HOST / REDIS_HOST from ARM, not the guessed names, and holds no secret", () => {
    const cm = configMapManifest(oh.namespace, oh.env, facts);
    const data = cm.data as Record<string, string>;
    expect(data).toMatchObject({ DB_HOST: "127.0.10.3", DB_USER: "ohadmin", REDIS_HOST: "127.0.20.3", REDIS_PORT: "6379", DB_NAME: "openhands" });
    expect(data.KEYCLOAK_REALM_NAME).toBe(oh.env.KEYCLOAK_REALM_NAME);
    expect(Object.keys(data).filter((k) => /PASS|SECRET|API_KEY/.test(k))).toEqual([]);
    expect(() => configMapManifest(oh.namespace, oh.env, { ...facts, redisPlainPortEnabled: false })).toThrow(DeployError);
  });

  it("Secrets: base64 values under the chart's keys; an unavailable value keeps the cluster's; missing everywhere names the key, never a value", () => {
    const values = new Map([["redisAccessKey", "primary-key-value"]]);
    const { manifest } = secretManifest("openhands", "redis", { "redis-password": "redisAccessKey" }, values, undefined);
    expect(manifest).toMatchObject({ kind: "Secret", type: "Opaque", data: { "redis-password": Buffer.from("primary-key-value").toString("base64") } });
    const kept = secretManifest("openhands", "lite-llm-api-key", { "lite-llm-api-key": "llmApiKey" }, new Map(), { "lite-llm-api-key": "b2xk" });
    expect(kept.kept).toEqual(["lite-llm-api-key"]);
    expect(kept.manifest.data).toEqual({ "lite-llm-api-key": "b2xk" });
    expect(() => secretManifest("openhands", "lite-llm-api-key", { "lite-llm-api-key": "llmApiKey" }, new Map(), undefined, new Map([["llmApiKey", "not sealed"]]))).toThrow(
      /llmApiKey for Kubernetes secret openhands\/lite-llm-api-key \(key lite-llm-api-key\) is not available to this operation \(not sealed\)/,
    );
  });

  it("the Deployment: app image, envFrom the ConfigMap, secretKeyRefs for the plan's secrets, /ready and /alive probes, platform pool", () => {
    const d = deploymentManifest(oh, "abc") as unknown as V1Deployment;
    const pod = d.spec!.template.spec!;
    const c = pod.containers[0]!;
    expect(c.image).toBe(oh.images.app);
    expect(c.envFrom).toEqual([{ configMapRef: { name: "openhands-config" } }]);
    expect(Object.fromEntries((c.env ?? []).map((e) => [e.name, `${e.valueFrom?.secretKeyRef?.name}/${e.valueFrom?.secretKeyRef?.key}`]))).toEqual({
      DB_PASS: "postgres-password/password",
      REDIS_PASSWORD: "redis/redis-password",
      JWT_SECRET: "jwt-secret/jwt-secret",
      KEYCLOAK_CLIENT_SECRET: "keycloak-realm/client-secret",
      KEYCLOAK_ADMIN_PASSWORD: "keycloak-admin/admin-password",
      LITE_LLM_API_KEY: "lite-llm-api-key/lite-llm-api-key",
    });
    expect(c.env?.some((e) => e.value !== undefined)).toBe(false);
    expect(c.readinessProbe?.httpGet?.path).toBe("/ready");
    expect(c.livenessProbe?.httpGet?.path).toBe("/alive");
    expect(pod.nodeSelector).toEqual({ "openhands.dev/pool": "platform" });
    expect(d.spec!.template.metadata!.annotations).toEqual({ "openhands.dev/config-checksum": "abc" });
    expect(serviceManifest(oh).spec).toMatchObject({ selector: { app: "openhands" }, ports: [{ port: 80, targetPort: "http" }] });
  });

  it("a change of configuration or of any secret changes the checksum (which rolls the pods)", () => {
    const base = configChecksum({ A: "1" }, { redis: { k: "eA==" } });
    expect(configChecksum({ A: "1" }, { redis: { k: "eA==" } })).toBe(base);
    expect(configChecksum({ A: "2" }, { redis: { k: "eA==" } })).not.toBe(base);
    expect(configChecksum({ A: "1" }, { redis: { k: "eQ==" } })).not.toBe(base);
  });

  it("Ingress TLS per the plan: cert-manager issuer, an existing secret, or none", () => {
    const cm = ingressManifest({ ...oh, tls: { mode: "cert-manager", issuer: "letsencrypt" } });
    expect(cm.metadata.annotations).toEqual({ "cert-manager.io/cluster-issuer": "letsencrypt" });
    expect(cm.spec).toMatchObject({ tls: [{ hosts: [oh.host], secretName: "openhands-tls" }], rules: [{ host: oh.host }] });
    expect(ingressManifest({ ...oh, tls: { mode: "existing-secret", secretName: "wildcard" } }).spec).toMatchObject({ tls: [{ secretName: "wildcard" }] });
    expect((ingressManifest({ ...oh, tls: { mode: "none" } }).spec as Record<string, unknown>).tls).toBeUndefined();
    // Served by the application routing add-on the cluster is created with.
    expect(cm.spec).toMatchObject({ ingressClassName: "webapprouting.kubernetes.azure.com" });
  });

  it("sandbox RBAC: the runtime API's ServiceAccount bound to a Role in the sandbox namespace; a PDB for the app", () => {
    const m = Object.fromEntries(sandboxRbacManifests(oh).map((x) => [x.manifest.kind, x.manifest]));
    expect(m.Role?.metadata.namespace).toBe("openhands-sandboxes");
    const rules = (m.Role as unknown as { rules: { resources: string[]; verbs: string[] }[] }).rules;
    for (const r of ["pods", "pods/log", "services", "persistentvolumeclaims", "configmaps", "secrets"]) expect(rules.some((x) => x.resources.includes(r))).toBe(true);
    expect(m.RoleBinding).toMatchObject({ subjects: [{ kind: "ServiceAccount", name: "openhands-runtime-api", namespace: "openhands" }] });
    expect(m.PodDisruptionBudget).toMatchObject({ spec: { maxUnavailable: 1, selector: { matchLabels: { app: "openhands" } } } });
  });
});

describe("waiting for Ready", () => {
  const dep = (status: V1Deployment["status"], generation = 2): V1Deployment => ({ metadata: { generation }, spec: { replicas: 2, selector: {}, template: {} }, status });

  it("is Ready only when the current generation is fully rolled out", () => {
    expect(rolloutState(dep({ observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 })).ready).toBe(true);
    expect(rolloutState(dep({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 })).progress).toMatch(/not yet observed/);
    expect(rolloutState(dep({ observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 })).progress).toBe("1 of 2 replicas updated");
    expect(rolloutState(dep({ observedGeneration: 2, replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 })).progress).toBe("1 old replicas still running");
  });

  it("explains a NotReady pod by its image, scheduling, readiness event and the app's log", () => {
    const pod = (status: V1Pod["status"]): V1Pod => ({ metadata: { name: "openhands-7d9-abc" }, status });
    expect(diagnosePod(pod({ containerStatuses: [{ name: "openhands", image: "x", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff", message: "Back-off pulling image" } } }] }), [], "")).toMatchObject({ code: "ImagePullFailed" });
    expect(diagnosePod(pod({ conditions: [{ type: "PodScheduled", status: "False", message: "0/3 nodes are available: 3 Insufficient memory." }] }), [], "").reason).toMatch(/Insufficient memory/);
    const why = diagnosePod(
      pod({ phase: "Running" }),
      [{ metadata: {}, involvedObject: {}, message: "Readiness probe failed: HTTP probe failed with statuscode: 503" }],
      'INFO: GET /ready 503\nERROR:saas_server:Database check failed: password authentication failed for user "ohadmin"\n',
    );
    expect(why.code).toBe("OpenHandsDatabaseUnreachable");
    expect(why.reason).toBe('pod openhands-7d9-abc is not Ready — Readiness probe failed: HTTP probe failed with statuscode: 503 — the app says: ERROR:saas_server:Database check failed: password authentication failed for user "ohadmin"');
  });
});

describe("errors", () => {
  it("turns client-node's ApiException into the Status reason and message, scrubbing known values", () => {
    const err = fromKubernetes(Object.assign(new Error("HTTP-Code: 422"), { code: 422, body: JSON.stringify({ reason: "Invalid", message: 'Secret "redis" is invalid: data[x]: hunter2-value' }) }), "applying Secret openhands/redis", ["hunter2-value"]);
    expect(err).toBeInstanceOf(DeployError);
    expect(err).toMatchObject({ code: "KubernetesInvalid", statusCode: 422, message: 'applying Secret openhands/redis: Secret "redis" is invalid: data[x]: [redacted]' });
    expect(scrub("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl")).not.toContain("c2lnbmF0dXJlLXZhbHVl");
  });
});
