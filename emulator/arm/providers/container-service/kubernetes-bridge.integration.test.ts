/**
 * AKS clusters of the local ARM backed by the Kubernetes emulator: the kubeconfig from
 * listClusterUserCredential reaches a real API server that real kubectl uses; pool changes
 * reach the nodes; deleting the cluster stops its API server.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLocalCa, localhostCert } from "../../../tls/local-ca";
import { startArmTestStack, type ArmTestStack } from "../../testing/arm-test-stack";
import { simulatedKubernetesApi } from "./kubernetes-bridge";

const kubeDir = mkdtempSync(path.join(os.tmpdir(), "aks-kube-"));
const bridge = simulatedKubernetesApi({ dataDir: kubeDir, cert: localhostCert(ensureLocalCa(kubeDir)), timeScale: () => 0.001, basePort: 28446, portRange: 3 });
let stack: ArmTestStack;

beforeAll(async () => {
  stack = await startArmTestStack({ hooks: { kubernetesApi: bridge } });
  await stack.clients().resources.resourceGroups.createOrUpdate("rg-kube", { location: "eastus" });
  await stack.clients().resources.providers.register("Microsoft.ContainerService");
});
afterAll(async () => {
  await stack.close();
  await bridge.closeAll();
  rmSync(kubeDir, { recursive: true, force: true });
});

async function nodeNames(server: string, token: string): Promise<string[]> {
  const res = await fetch(`${server}/api/v1/nodes`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Array<{ metadata: { name: string } }> }).items.map((n) => n.metadata.name);
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

describe("AKS with the Kubernetes emulator behind it", () => {
  it("serves the cluster's API at the kubeconfig's server; kubectl lists the nodes; pool changes reach it; delete stops it", async () => {
    const aks = stack.clients().containerService;
    await aks.managedClusters.createOrUpdate(
      "rg-kube",
      "aks-kube",
      {
        location: "eastus",
        agentPoolProfiles: [
          { name: "system", count: 2, vmSize: "Standard_D4ds_v5", mode: "System" },
          { name: "sandbox", count: 1, vmSize: "Standard_D8ds_v5", mode: "User", nodeLabels: { "openhands.dev/sandbox": "true" } },
        ],
      },
      { updateIntervalInMs: 5 },
    );
    const creds = await aks.managedClusters.listClusterUserCredentials("rg-kube", "aks-kube");
    const kubeconfig = new TextDecoder().decode(creds.kubeconfigs![0]!.value!);
    const server = /server: "([^"]+)"/.exec(kubeconfig)![1]!;
    const token = /token: "([^"]+)"/.exec(kubeconfig)![1]!;
    expect(server).toMatch(/^https:\/\/127\.0\.0\.1:2844[678]$/);
    expect(await eventually(() => nodeNames(server, token), (n) => n.length === 3)).toHaveLength(3);

    const file = path.join(kubeDir, "kubeconfig");
    writeFileSync(file, kubeconfig, { mode: 0o600 });
    // Async: the API server runs in this process, a blocking exec would starve it.
    const { stdout: out } = await promisify(execFile)("/usr/bin/kubectl", ["--kubeconfig", file, "get", "nodes", "-o", "name"], { encoding: "utf8", timeout: 30_000 });
    expect(out.trim().split("\n")).toHaveLength(3);

    await aks.agentPools.createOrUpdate("rg-kube", "aks-kube", "sandbox", { count: 3, vmSize: "Standard_D8ds_v5", mode: "User" }, { updateIntervalInMs: 5 });
    expect(await eventually(() => nodeNames(server, token), (n) => n.length === 5)).toHaveLength(5);

    // The cluster autoscaler adds nodes for pending pods; ARM's agentPool.count follows, as on AKS.
    await aks.agentPools.createOrUpdate(
      "rg-kube",
      "aks-kube",
      "auto",
      { count: 1, vmSize: "Standard_D4ds_v5", mode: "User", enableAutoScaling: true, minCount: 1, maxCount: 3 },
      { updateIntervalInMs: 5 },
    );
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "big", namespace: "default" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "big" } },
        template: {
          metadata: { labels: { app: "big" } },
          spec: { nodeSelector: { agentpool: "auto" }, containers: [{ name: "c", image: "nginx:1.27", resources: { requests: { cpu: "3" } } }] },
        },
      },
    };
    const created = await fetch(`${server}/apis/apps/v1/namespaces/default/deployments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(deployment),
    });
    expect(created.status).toBe(201);
    const scaled = await eventually(() => aks.agentPools.get("rg-kube", "aks-kube", "auto"), (p) => p.count === 3, 20_000);
    expect(scaled.count).toBe(3);

    const wrong = await fetch(`${server}/api/v1/nodes`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);

    await aks.agentPools.delete("rg-kube", "aks-kube", "auto", { updateIntervalInMs: 5 });
    await aks.managedClusters.delete("rg-kube", "aks-kube", { updateIntervalInMs: 5 });
    const gone = await eventually(
      () => fetch(`${server}/version`, { headers: { authorization: `Bearer ${token}` } }).then(() => "up", () => "down"),
      (s) => s === "down",
    );
    expect(gone).toBe("down");
  });

  it("holds the ARM upgrade until nodes are upgraded, and fails it with UpgradeFailed when a PDB blocks the drain", async () => {
    const aks = stack.clients().containerService;
    const pools = [
      { name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" as const, orchestratorVersion: "1.33.5" },
      { name: "work", count: 1, vmSize: "Standard_D4ds_v5", mode: "User" as const, orchestratorVersion: "1.33.5" },
    ];
    await aks.managedClusters.createOrUpdate("rg-kube", "aks-up", { location: "eastus", kubernetesVersion: "1.33.5", agentPoolProfiles: pools }, { updateIntervalInMs: 5 });
    const creds = await aks.managedClusters.listClusterAdminCredentials("rg-kube", "aks-up");
    const kubeconfig = new TextDecoder().decode(creds.kubeconfigs![0]!.value!);
    const server = /server: "([^"]+)"/.exec(kubeconfig)![1]!;
    const token = /token: "([^"]+)"/.exec(kubeconfig)![1]!;
    const post = (p: string, body: unknown) =>
      fetch(`${server}${p}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

    // The system pool upgrades fine; the node reports the new kubelet version when ARM says Succeeded.
    const cluster = await aks.managedClusters.get("rg-kube", "aks-up");
    await aks.managedClusters.createOrUpdate("rg-kube", "aks-up", { ...cluster, kubernetesVersion: "1.34.1" }, { updateIntervalInMs: 5 });
    const system = await aks.agentPools.get("rg-kube", "aks-up", "system");
    await aks.agentPools.createOrUpdate("rg-kube", "aks-up", "system", { ...system, orchestratorVersion: "1.34.1" }, { updateIntervalInMs: 5 });
    const nodes = (await (await fetch(`${server}/api/v1/nodes`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ metadata: { labels: Record<string, string> }; status: { nodeInfo: { kubeletVersion: string } } }> };
    const systemNodes = nodes.items.filter((n) => n.metadata.labels.agentpool === "system");
    expect(systemNodes.map((n) => n.status.nodeInfo.kubeletVersion)).toEqual(["v1.34.1"]);

    // A workload whose PDB allows no disruption blocks the drain of the "work" pool.
    const app = { app: "guarded" };
    expect((await post("/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "guarded", namespace: "default" },
      spec: { replicas: 1, selector: { matchLabels: app }, template: { metadata: { labels: app }, spec: { nodeSelector: { agentpool: "work" }, containers: [{ name: "c", image: "nginx:1.27" }] } } },
    })).status).toBe(201);
    expect((await post("/apis/policy/v1/namespaces/default/poddisruptionbudgets", {
      apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "guarded", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: app } },
    })).status).toBe(201);
    await eventually(
      async () => ((await (await fetch(`${server}/api/v1/namespaces/default/pods`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ status?: { phase?: string } }> }).items,
      (pods) => pods.some((p) => p.status?.phase === "Running"),
    );
    const work = await aks.agentPools.get("rg-kube", "aks-up", "work");
    const err = await aks.agentPools.createOrUpdate("rg-kube", "aks-up", "work", { ...work, orchestratorVersion: "1.34.1" }, { updateIntervalInMs: 20 }).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/UpgradeFailed/);
    expect(err?.message).toMatch(/disruption budget/i);
    expect((await aks.agentPools.get("rg-kube", "aks-up", "work")).provisioningState).toBe("Failed");
  });
});
