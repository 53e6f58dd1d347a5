import { describe, expect, it } from "vitest";
import { advance, eventsFor, makeCluster, makeDeployment, podsOf, DEPLOY } from "../test-fixtures";
import { isPodReady } from "./workloads";
import type { Deployment } from "../model";

const system = { name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" as const };

function probed(name: string): Deployment {
  const d = makeDeployment(name, { replicas: 1 });
  d.spec.template.spec.containers[0]!.readinessProbe = { httpGet: { path: "/ready", port: 3000 }, periodSeconds: 10 };
  return d;
}

describe("readiness probe hook", () => {
  it("keeps a probed pod NotReady while the probe fails, Ready once it passes, and NotReady again when it fails later", async () => {
    let healthy = false;
    const { cluster, clock } = makeCluster([system]);
    cluster.setReadinessProbe((pod) => (pod.metadata.labels?.app === "app" ? Promise.resolve(healthy) : undefined));
    cluster.store.create(DEPLOY, probed("app"));
    cluster.store.create(DEPLOY, makeDeployment("plain", { replicas: 1 }));
    await advance(cluster, clock, 6000);
    expect(podsOf(cluster, "plain").map(isPodReady)).toEqual([true]);
    const [pod] = podsOf(cluster, "app");
    expect(pod?.status?.phase).toBe("Running");
    expect(isPodReady(pod!)).toBe(false);
    expect(eventsFor(cluster, pod!.metadata.name).some((e) => e.includes("Readiness probe failed"))).toBe(true);

    healthy = true;
    await advance(cluster, clock, 12_000);
    expect(podsOf(cluster, "app").map(isPodReady)).toEqual([true]);

    healthy = false;
    await advance(cluster, clock, 12_000);
    expect(podsOf(cluster, "app").map(isPodReady)).toEqual([false]);
  });

  it("leaves pods alone without a prober or without a readinessProbe (ready a second after start)", async () => {
    const { cluster, clock } = makeCluster([system]);
    cluster.store.create(DEPLOY, probed("app"));
    await advance(cluster, clock, 6000);
    expect(podsOf(cluster, "app").map(isPodReady)).toEqual([true]);
  });
});
