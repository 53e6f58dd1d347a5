import { describe, expect, it } from "vitest";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch";
import { serverSideApply } from "./apply";
import type { KubeObject } from "./types";

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", uid: "u1", resourceVersion: "5", creationTimestamp: "2026-11-26T10:00:00Z", labels: { app: "web" } },
  spec: { replicas: 2, template: { spec: { containers: [{ name: "web", image: "nginx:1.27", env: [{ name: "A", value: "1" }] }, { name: "sidecar", image: "envoy:1" }] } } },
} as unknown as KubeObject;

describe("patches", () => {
  it("merge patch replaces lists and deletes with null", () => {
    const out = mergePatch(deployment, { metadata: { labels: { app: null, tier: "x" } }, spec: { replicas: 5 } }) as KubeObject;
    expect(out.metadata.labels).toEqual({ tier: "x" });
    expect((out.spec as { replicas: number }).replicas).toBe(5);
  });

  it("strategic merge patch merges containers by name (kubectl set image)", () => {
    const out = strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.28" }] } } } }) as typeof deployment;
    const containers = (out.spec as { template: { spec: { containers: { name: string; image: string; env?: unknown }[] } } }).template.spec.containers;
    expect(containers.map((c) => `${c.name}=${c.image}`)).toEqual(["web=nginx:1.28", "sidecar=envoy:1"]);
    expect(containers[0]!.env).toEqual([{ name: "A", value: "1" }]);
  });

  it("strategic merge patch honours $patch: delete", () => {
    const out = strategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } } } }) as typeof deployment;
    expect((out.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toHaveLength(1);
  });

  it("json patch supports add/replace/remove/test and fails on a missing path", () => {
    const out = jsonPatch(deployment, [
      { op: "test", path: "/spec/replicas", value: 2 },
      { op: "replace", path: "/spec/replicas", value: 3 },
      { op: "add", path: "/metadata/labels/tier", value: "fe" },
      { op: "remove", path: "/metadata/labels/app" },
    ]) as KubeObject;
    expect((out.spec as { replicas: number }).replicas).toBe(3);
    expect(out.metadata.labels).toEqual({ tier: "fe" });
    expect(() => jsonPatch(deployment, [{ op: "replace", path: "/spec/nope", value: 1 }])).toThrow(/missing/);
    expect(() => jsonPatch(deployment, [{ op: "test", path: "/spec/replicas", value: 9 }])).toThrow(/failed/);
  });
});

describe("server-side apply", () => {
  const config = (replicas: number, extra: Record<string, string> = {}) =>
    ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default", labels: { app: "web", ...extra } }, spec: { replicas } }) as unknown as KubeObject;

  it("creates, then removes fields the manager stopped applying", () => {
    const created = serverSideApply(undefined, config(2, { team: "a" }), "kubectl", { force: false, now: 0 });
    expect(created.metadata.labels).toEqual({ app: "web", team: "a" });
    expect(created.metadata.managedFields?.[0]).toMatchObject({ manager: "kubectl", operation: "Apply" });
    const next = serverSideApply(created, config(2), "kubectl", { force: false, now: 0 });
    expect(next.metadata.labels).toEqual({ app: "web" });
  });

  it("reports a conflict with another manager's field and takes it over with force", () => {
    const created = serverSideApply(undefined, config(2), "kubectl", { force: false, now: 0 });
    const byScaler = serverSideApply(created, config(5), "hpa", { force: true, now: 0 });
    expect((byScaler.spec as { replicas: number }).replicas).toBe(5);
    expect(() => serverSideApply(byScaler, config(3), "kubectl", { force: false, now: 0 })).toThrow(/conflict with "hpa".*\.spec\.replicas/);
    const forced = serverSideApply(byScaler, config(3), "kubectl", { force: true, now: 0 });
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
  });
});
