import { describe, expect, it } from "vitest";
import { createCluster } from "../kubernetes";
import type { Container, Pod } from "../kubernetes/model";
import { typeOf } from "../kubernetes/resources";
import { openHandsAppContainer, resolveContainerEnv } from "./app-env";

const meta = (name: string, namespace = "openhands") => ({ name, namespace, uid: "", resourceVersion: "", creationTimestamp: "" });

function cluster() {
  const c = createCluster({ name: "aks-env", kubernetesVersion: "1.32.4", pools: [], autoRun: false });
  c.store.create(typeOf("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { ...meta("openhands"), namespace: undefined } as never });
  c.store.create(typeOf("Secret"), { apiVersion: "v1", kind: "Secret", metadata: meta("postgres-password"), data: { password: Buffer.from("s3cret ").toString("base64"), username: Buffer.from("ohadmin").toString("base64") } });
  c.store.create(typeOf("ConfigMap"), { apiVersion: "v1", kind: "ConfigMap", metadata: meta("openhands-env"), data: { DB_HOST: "db.example", REDIS_HOST: "cache.example", DB_PORT: "6432" } });
  return c;
}

describe("resolveContainerEnv", () => {
  it("reads literal values, secretKeyRef, configMapKeyRef and envFrom (explicit env wins, $(VAR) expands)", () => {
    const c = cluster();
    const container: Container = {
      name: "openhands",
      image: "ghcr.io/openhands/enterprise-server:1.54.0",
      envFrom: [{ configMapRef: { name: "openhands-env" } }, { prefix: "PG_", secretRef: { name: "postgres-password" } }],
      env: [
        { name: "DB_PORT", value: "5432" },
        { name: "DB_USER", valueFrom: { secretKeyRef: { name: "postgres-password", key: "username" } } },
        { name: "DB_PASS", valueFrom: { secretKeyRef: { name: "postgres-password", key: "password" } } },
        { name: "REDIS_PORT", valueFrom: { configMapKeyRef: { name: "openhands-env", key: "DB_PORT" } } },
        { name: "DSN", value: "postgresql://$(DB_USER)@$(DB_HOST):$(DB_PORT)" },
      ],
    };
    const { env, problems } = resolveContainerEnv(c.store, "openhands", container);
    expect(problems).toEqual([]);
    expect(env).toMatchObject({ DB_HOST: "db.example", DB_PORT: "5432", DB_USER: "ohadmin", DB_PASS: "s3cret ", REDIS_HOST: "cache.example", REDIS_PORT: "6432", PG_username: "ohadmin" });
    expect(env.DSN).toBe("postgresql://ohadmin@db.example:5432");
    c.close();
  });

  it("reports missing secrets and keys instead of guessing; optional references are skipped", () => {
    const c = cluster();
    const { env, problems } = resolveContainerEnv(c.store, "openhands", {
      name: "app",
      env: [
        { name: "DB_PASS", valueFrom: { secretKeyRef: { name: "nope", key: "password" } } },
        { name: "DB_USER", valueFrom: { secretKeyRef: { name: "postgres-password", key: "user" } } },
        { name: "X", valueFrom: { secretKeyRef: { name: "nope", key: "x", optional: true } } },
      ],
      envFrom: [{ secretRef: { name: "missing-too" } }],
    });
    expect(env).toEqual({});
    expect(problems).toEqual(['secret "missing-too" not found', 'secret "nope" not found', "couldn't find key user in Secret openhands/postgres-password"]);
    c.close();
  });
});

describe("openHandsAppContainer", () => {
  const pod = (image: string, labels: Record<string, string> = {}): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { ...meta("p"), labels }, spec: { containers: [{ name: "c", image }] } });
  it("recognises the app and enterprise-server images and the app=openhands label, not runtime or agent-server pods", () => {
    expect(openHandsAppContainer(pod("ghcr.io/openhands/enterprise-server:1.54.0"))?.name).toBe("c");
    expect(openHandsAppContainer(pod("docker.openhands.dev/openhands/openhands:0.62"))?.name).toBe("c");
    expect(openHandsAppContainer(pod("nginx:1.27", { app: "openhands" }))?.name).toBe("c");
    expect(openHandsAppContainer(pod("docker.openhands.dev/openhands/runtime:0.62-nikolaik", { app: "openhands-runtime" }))).toBeUndefined();
    expect(openHandsAppContainer(pod("ghcr.io/openhands/agent-server:1.41.0-python"))).toBeUndefined();
    expect(openHandsAppContainer(pod("ghcr.io/openhands/runtime-api:0.8.2"))).toBeUndefined();
  });
});
