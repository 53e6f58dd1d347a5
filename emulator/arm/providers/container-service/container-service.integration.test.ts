/**
 * Microsoft.ContainerService conformance: the real arm-containerservice client (from the console's
 * client factory) against the local ARM; LRO headers and bodies compared with Azure's examples.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestError } from "@azure/core-rest-pipeline";
import { FIXTURES, shapeDifferences, startArmTestStack, type ArmTestStack } from "../../testing/arm-test-stack";

const fixture = (name: string) =>
  JSON.parse(readFileSync(`${FIXTURES}/aks/${name}`, "utf8")) as { parameters: Record<string, unknown>; responses: Record<string, { body?: unknown }> };
const API = "api-version=2026-04-01";
const SYSTEM_POOL = { name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" as const };

let stack: ArmTestStack;
let sub: string;
const clusterPath = (rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const control = (path: string, body: unknown) => fetch(`${stack.arm.endpoint}/_emulator/${path}`, { method: "PUT", body: JSON.stringify(body) });
const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as RestError);

beforeAll(async () => {
  stack = await startArmTestStack();
  sub = stack.identity.subscriptionId;
  await stack.clients().resources.resourceGroups.createOrUpdate("rg-aks", { location: "eastus" });
  await stack.clients().resources.providers.register("Microsoft.ContainerService");
});
afterAll(async () => {
  await stack.close();
});

describe("managed clusters", () => {
  it("creates like ManagedClustersCreate_Update.json: 201 + Azure-AsyncOperation, Creating, then Succeeded", async () => {
    const example = fixture("ManagedClustersCreate_Update.json");
    const request = structuredClone(example.parameters.parameters) as { location: string };
    request.location = "eastus";
    const created = await stack.call("PUT", `${clusterPath("rg-aks", "clustername1")}?${API}`, { body: request });
    expect(created.status).toBe(201);
    const asyncOp = created.headers.get("azure-asyncoperation")!;
    expect(asyncOp).toMatch(new RegExp(`^${stack.arm.endpoint}/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/eastus/operations/[0-9a-f-]+\\?${API}$`));
    const ignore = ["properties.networkProfile.loadBalancerProfile.effectiveOutboundIPs", "properties.networkProfile.loadBalancerProfile.allocatedOutboundPorts", "properties.networkProfile.loadBalancerProfile.idleTimeoutInMinutes", "properties.networkProfile.podCidr", "properties.networkProfile.podCidrs", "properties.networkProfile.serviceCidrs"];
    expect(shapeDifferences(created.body, example.responses["201"]!.body, ignore)).toEqual([]);
    const body = created.body as { properties: Record<string, unknown> & { agentPoolProfiles: Array<Record<string, unknown>> } };
    expect(body.properties.provisioningState).toBe("Creating");
    expect(body.properties.servicePrincipalProfile).toEqual({ clientId: "clientid" });
    expect(body.properties.windowsProfile).toEqual({ adminUsername: "azureuser" });
    expect(body.properties.agentPoolProfiles[0]).toMatchObject({ name: "nodepool1", count: 3, mode: "System", provisioningState: "Creating" });

    const poll = await stack.call("GET", asyncOp.slice(stack.arm.endpoint.length));
    expect(poll.status).toBe(200);
    expect(poll.body).toEqual({ name: expect.any(String), status: "Succeeded", startTime: expect.any(String), endTime: expect.any(String) });

    const got = await stack.call("GET", `${clusterPath("rg-aks", "clustername1")}?${API}`);
    expect(shapeDifferences(got.body, fixture("ManagedClustersGet.json").responses["200"]!.body, ["properties.agentPoolProfiles[].availabilityZones", "properties.networkProfile.loadBalancerProfile.outboundIPs", ...ignore])).toEqual([]);
    expect(got.body).toMatchObject({ properties: { provisioningState: "Succeeded", currentKubernetesVersion: "1.34.2", agentPoolProfiles: [{ provisioningState: "Succeeded" }] } });
  });

  it("round-trips through the SDK poller and deserializes every field", async () => {
    const aks = stack.clients().containerService;
    const mc = await aks.managedClusters.createOrUpdate("rg-aks", "aks1", { location: "eastus", dnsPrefix: "aks1", kubernetesVersion: "1.33", agentPoolProfiles: [SYSTEM_POOL], tags: { env: "dev" } }, { updateIntervalInMs: 5 });
    expect(mc).toMatchObject({ name: "aks1", provisioningState: "Succeeded", kubernetesVersion: "1.33.5", currentKubernetesVersion: "1.33.5", dnsPrefix: "aks1", tags: { env: "dev" } });
    expect(mc.fqdn).toMatch(/^aks1-[0-9a-f]{8}\.hcp\.eastus\.azmk8s\.io$/);
    expect(mc.eTag).toEqual(expect.any(String));
    expect(mc.systemData?.createdAt).toBeInstanceOf(Date);
    expect(mc.agentPoolProfiles?.[0]).toMatchObject({ name: "system", orchestratorVersion: "1.33.5", currentOrchestratorVersion: "1.33.5", nodeImageVersion: expect.stringContaining("AKSUbuntu") });
    const names: string[] = [];
    for await (const c of aks.managedClusters.listByResourceGroup("rg-aks")) names.push(c.name!);
    expect(names).toEqual(["clustername1", "aks1"]);
  });

  it("answers only fields the SDK models know: nothing is lost in deserialization", async () => {
    const raw = (await stack.call("GET", `${clusterPath("rg-aks", "aks1")}?${API}`)).body as Record<string, unknown> & { properties: Record<string, unknown> & { agentPoolProfiles: Array<Record<string, unknown>> } };
    // The SDK renames some fields (azurePortalFQDN → azurePortalFqdn, enableRBAC → enableRbac): compare ignoring case.
    const known = (o: Record<string, unknown>) => new Set(Object.entries(o).filter(([, v]) => v !== undefined).map(([k]) => k.toLowerCase()));
    const missingIn = (keys: string[], o: Record<string, unknown>) => keys.filter((k) => !known(o).has(k.toLowerCase()));
    const mc = (await stack.clients().containerService.managedClusters.get("rg-aks", "aks1")) as unknown as Record<string, unknown>;
    const lost = [...missingIn(Object.keys(raw).filter((k) => k !== "properties"), mc), ...missingIn(Object.keys(raw.properties), mc).map((k) => `properties.${k}`)];
    expect(lost).toEqual([]);
    const pool = ((mc.agentPoolProfiles as Array<Record<string, unknown>>)[0])!;
    expect(missingIn(Object.keys(raw.properties.agentPoolProfiles[0]!), pool)).toEqual([]);
    const poolRaw = (await stack.call("GET", `${clusterPath("rg-aks", "aks1")}/agentPools/system?${API}`)).body as { properties: Record<string, unknown> };
    const poolSdk = (await stack.clients().containerService.agentPools.get("rg-aks", "aks1", "system")) as unknown as Record<string, unknown>;
    expect(missingIn(Object.keys(poolRaw.properties), poolSdk)).toEqual([]);
  });

  it("answers the upgrade profile like ManagedClustersGetUpgradeProfile.json", async () => {
    const raw = await stack.call("GET", `${clusterPath("rg-aks", "aks1")}/upgradeProfiles/default?${API}`);
    expect(shapeDifferences(raw.body, fixture("ManagedClustersGetUpgradeProfile.json").responses["200"]!.body, ["properties.controlPlaneProfile.upgrades[].isPreview", "properties.agentPoolProfiles[].upgrades"])).toEqual([]);
    const profile = await stack.clients().containerService.managedClusters.getUpgradeProfile("rg-aks", "aks1");
    expect(profile.controlPlaneProfile.kubernetesVersion).toBe("1.33.5");
    expect(profile.controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion)).toEqual(["1.34.1", "1.34.2"]);
    expect(profile.agentPoolProfiles[0]?.upgrades ?? []).toEqual([]);
  });

  it("enforces AKS version rules with AKS's codes and changes nothing on refusal", async () => {
    const aks = stack.clients().containerService.managedClusters;
    const current = await aks.get("rg-aks", "aks1");
    const skip = await fail(aks.createOrUpdate("rg-aks", "aks1", { ...current, kubernetesVersion: "1.35.0" }, { updateIntervalInMs: 5 }));
    expect(skip?.statusCode).toBe(400);
    expect(skip?.code).toBe("OperationNotAllowed");
    expect(skip?.message).toMatch(/Upgrading Kubernetes version 1.33.5 to 1.35.0 is not allowed/);
    const down = await fail(aks.createOrUpdate("rg-aks", "aks1", { ...current, kubernetesVersion: "1.32.9" }, { updateIntervalInMs: 5 }));
    expect(down?.code).toBe("OperationNotAllowed");
    const ahead = await fail(
      aks.createOrUpdate("rg-aks", "aks1", { ...current, agentPoolProfiles: [{ ...current.agentPoolProfiles![0]!, orchestratorVersion: "1.34.1" }] }, { updateIntervalInMs: 5 }),
    );
    expect(ahead?.code).toBe("NodePoolMcVersionIncompatible");
    const unknown = await fail(aks.createOrUpdate("rg-aks", "aks9", { location: "eastus", kubernetesVersion: "1.21.1", agentPoolProfiles: [SYSTEM_POOL] }));
    expect(unknown?.code).toBe("K8sVersionNotSupported");
    const noSystem = await fail(aks.createOrUpdate("rg-aks", "aks9", { location: "eastus", agentPoolProfiles: [{ ...SYSTEM_POOL, mode: "User" }] }));
    expect(noSystem?.code).toBe("MustDefineAtLeastOneSystemPool");
    expect((await aks.get("rg-aks", "aks1")).eTag).toBe(current.eTag);
    expect((await fail(aks.get("rg-aks", "aks9")))?.code).toBe("ResourceNotFound");
  });

  it("upgrades the control plane (Upgrading → Succeeded), then a pool may follow", async () => {
    const clients = stack.clients().containerService;
    const before = await clients.managedClusters.get("rg-aks", "aks1");
    const upgraded = await clients.managedClusters.createOrUpdate("rg-aks", "aks1", { ...before, kubernetesVersion: "1.34.1" }, { updateIntervalInMs: 5 });
    expect(upgraded).toMatchObject({ currentKubernetesVersion: "1.34.1", provisioningState: "Succeeded" });
    expect(upgraded.agentPoolProfiles?.[0]?.currentOrchestratorVersion).toBe("1.33.5");
    expect(upgraded.eTag).not.toBe(before.eTag);
    const pool = await clients.agentPools.get("rg-aks", "aks1", "system");
    const after = await clients.agentPools.createOrUpdate("rg-aks", "aks1", "system", { ...pool, orchestratorVersion: "1.34.1" }, { updateIntervalInMs: 5 });
    expect(after).toMatchObject({ orchestratorVersion: "1.34.1", currentOrchestratorVersion: "1.34.1", provisioningState: "Succeeded" });
  });

  it("fails a create midway on an injected failLro fault: the poller rejects with the code, the cluster is Failed", async () => {
    await fetch(`${stack.arm.endpoint}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ match: { method: "PUT", path: "/managedClusters/aks-fail" }, action: { type: "failLro", code: "QuotaExceeded", message: "Not enough cores in eastus" } }),
    });
    const aks = stack.clients().containerService.managedClusters;
    const err = await aks.createOrUpdate("rg-aks", "aks-fail", { location: "eastus", agentPoolProfiles: [SYSTEM_POOL] }, { updateIntervalInMs: 5 }).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/QuotaExceeded/);
    expect(err?.message).toMatch(/Not enough cores in eastus/);
    const failed = await aks.get("rg-aks", "aks-fail");
    expect(failed.provisioningState).toBe("Failed");
    expect(failed.agentPoolProfiles?.[0]?.provisioningState).toBe("Failed");
    await aks.delete("rg-aks", "aks-fail", { updateIntervalInMs: 5 });
  });

  it("paces polls with Retry-After at the demo time scale", async () => {
    await control("time-scale", { timeScale: 0.1 });
    try {
      await stack.clients().resources.resourceGroups.createOrUpdate("rg-slow", { location: "eastus" });
      const res = await stack.call("PUT", `${clusterPath("rg-slow", "aks-slow")}?${API}`, { body: { location: "eastus", properties: { agentPoolProfiles: [SYSTEM_POOL] } } });
      expect(res.status).toBe(201);
      // 960 s on Azure × 0.1 = 96 s: a poll every ~10 s.
      expect(res.headers.get("retry-after")).toBe("10");
      const poll = await stack.call("GET", res.headers.get("azure-asyncoperation")!.slice(stack.arm.endpoint.length));
      expect(poll.body).toMatchObject({ status: "InProgress" });
      expect(poll.headers.get("retry-after")).toBe("10");
    } finally {
      await control("time-scale", { timeScale: 0 });
    }
  });

  it("updates tags with PATCH (updateTags) and a new eTag", async () => {
    const aks = stack.clients().containerService.managedClusters;
    const before = await aks.get("rg-aks", "aks1");
    const after = await aks.updateTags("rg-aks", "aks1", { tags: { env: "prod", owner: "platform" } }, { updateIntervalInMs: 5 });
    expect(after.tags).toEqual({ env: "prod", owner: "platform" });
    expect(after.eTag).not.toBe(before.eTag);
    expect((await aks.get("rg-aks", "aks1")).tags).toEqual({ env: "prod", owner: "platform" });
  });

  it("refuses a change while another operation runs (409) and honours If-Match (412)", async () => {
    await control("time-scale", { timeScale: 0.001 });
    try {
      const body = { location: "eastus", properties: { dnsPrefix: "busy", agentPoolProfiles: [SYSTEM_POOL] } };
      const first = await stack.call("PUT", `${clusterPath("rg-aks", "aks-busy")}?${API}`, { body });
      expect(first.status).toBe(201);
      const second = await stack.call("PUT", `${clusterPath("rg-aks", "aks-busy")}?${API}`, { body });
      expect(second.status).toBe(409);
      expect((second.body as { error: { code: string } }).error.code).toBe("OperationNotAllowed");
    } finally {
      await control("time-scale", { timeScale: 0 });
    }
    const stale = await stack.call("PUT", `${clusterPath("rg-aks", "aks1")}?${API}`, { body: { location: "eastus" }, headers: { "if-match": "stale-etag" } });
    expect(stale.status).toBe(412);
  });
});

describe("agent pools", () => {
  it("creates like AgentPoolsCreate_Update.json and lists", async () => {
    const example = fixture("AgentPoolsCreate_Update.json");
    const created = await stack.call("PUT", `${clusterPath("rg-aks", "aks1")}/agentPools/agentpool1?${API}`, { body: example.parameters.parameters });
    expect(created.status).toBe(201);
    expect(created.headers.get("azure-asyncoperation")).toContain("/providers/Microsoft.ContainerService/locations/eastus/operations/");
    expect(shapeDifferences(created.body, example.responses["201"]!.body)).toEqual([]);
    expect(created.body).toMatchObject({ properties: { provisioningState: "Creating", orchestratorVersion: "1.34.1", nodeTaints: ["Key1=Value1:NoSchedule"] } });
    const pools: string[] = [];
    for await (const p of stack.clients().containerService.agentPools.list("rg-aks", "aks1")) pools.push(p.name!);
    expect(pools).toEqual(["system", "agentpool1"]);
    const cluster = await stack.clients().containerService.managedClusters.get("rg-aks", "aks1");
    expect(cluster.agentPoolProfiles?.map((p) => p.name)).toEqual(["system", "agentpool1"]);
  });

  it("answers the pool upgrade profile and upgrades the node image", async () => {
    const pools = stack.clients().containerService.agentPools;
    const raw = await stack.call("GET", `${clusterPath("rg-aks", "aks1")}/agentPools/system/upgradeProfiles/default?${API}`);
    expect(shapeDifferences(raw.body, fixture("AgentPoolsGetUpgradeProfile.json").responses["200"]!.body, ["properties.upgrades"])).toEqual([]);
    const profile = await pools.getUpgradeProfile("rg-aks", "aks1", "system");
    const before = await pools.get("rg-aks", "aks1", "system");
    expect(before.nodeImageVersion).not.toBe(profile.latestNodeImageVersion);
    const res = await stack.call("POST", `${clusterPath("rg-aks", "aks1")}/agentPools/system/upgradeNodeImageVersion?${API}`);
    expect(res.status).toBe(202);
    expect(res.headers.get("azure-asyncoperation")).toBeTruthy();
    expect(res.headers.get("location")).toContain("/operationresults/");
    await pools.upgradeNodeImageVersion("rg-aks", "aks1", "agentpool1", { updateIntervalInMs: 5 });
    expect((await pools.get("rg-aks", "aks1", "agentpool1")).nodeImageVersion).toBe(profile.latestNodeImageVersion);
    expect((await pools.get("rg-aks", "aks1", "system")).nodeImageVersion).toBe(profile.latestNodeImageVersion);
  });

  it("deletes a user pool but never the last system pool", async () => {
    const pools = stack.clients().containerService.agentPools;
    await pools.delete("rg-aks", "aks1", "agentpool1", { updateIntervalInMs: 5 });
    expect((await fail(pools.get("rg-aks", "aks1", "agentpool1")))?.statusCode).toBe(404);
    const last = await fail(pools.delete("rg-aks", "aks1", "system", { updateIntervalInMs: 5 }));
    expect(last?.code).toBe("OperationNotAllowed");
  });
});

describe("credentials, versions, delete", () => {
  it("returns a kubeconfig like ManagedClustersListClusterUserCredentials.json; the Reader may not", async () => {
    const raw = await stack.call("POST", `${clusterPath("rg-aks", "aks1")}/listClusterUserCredential?${API}`);
    expect(shapeDifferences(raw.body, fixture("ManagedClustersListClusterUserCredentials.json").responses["200"]!.body)).toEqual([]);
    const creds = await stack.clients().containerService.managedClusters.listClusterUserCredentials("rg-aks", "aks1");
    const kubeconfig = new TextDecoder().decode(creds.kubeconfigs![0]!.value!);
    expect(kubeconfig).toMatch(/server: "https:\/\/127\.0\.0\.1:31\d{3}"/);
    expect(kubeconfig).toMatch(/certificate-authority-data: \S+/);
    expect(kubeconfig).toMatch(/token: "[0-9a-f]{64}"/);
    const admin = await stack.clients().containerService.managedClusters.listClusterAdminCredentials("rg-aks", "aks1");
    expect(admin.kubeconfigs?.[0]?.name).toBe("clusterAdmin");
    const reader = await stack.userToken(stack.identity.users.reader!);
    expect((await stack.call("POST", `${clusterPath("rg-aks", "aks1")}/listClusterUserCredential?${API}`, { token: reader })).status).toBe(403);
  });

  it("lists Kubernetes versions like KubernetesVersions_List.json", async () => {
    const raw = await stack.call("GET", `/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions?${API}`);
    const example = fixture("KubernetesVersions_List.json").responses["200"]!.body as { values: Array<{ patchVersions: Record<string, unknown> }> };
    // patchVersions is a map keyed by version: compare the entries, not the keys.
    expect(shapeDifferences(raw.body, example, ["values[].isPreview", "values[].isDefault", "values[].patchVersions"])).toEqual([]);
    const ours = (raw.body as typeof example).values[0]!.patchVersions;
    expect(shapeDifferences(Object.values(ours)[0], Object.values(example.values[0]!.patchVersions)[0])).toEqual([]);
    const versions = await stack.clients().containerService.managedClusters.listKubernetesVersions("eastus");
    expect(versions.values?.find((v) => v.isDefault)?.version).toBe("1.34");
  });

  it("deletes with 202 + Location like ManagedClustersDelete.json, then 404; a second delete is 204", async () => {
    const res = await stack.call("DELETE", `${clusterPath("rg-aks", "clustername1")}?${API}`);
    expect(res.status).toBe(202);
    expect(res.headers.get("location")).toContain("/providers/Microsoft.ContainerService/locations/eastus/operationresults/");
    const poll = await stack.call("GET", res.headers.get("location")!.slice(stack.arm.endpoint.length));
    expect(poll.status).toBe(204);
    expect((await stack.call("DELETE", `${clusterPath("rg-aks", "clustername1")}?${API}`)).status).toBe(204);
    // aks-busy was created at a small time scale: wait until that create has finished.
    const deadline = Date.now() + 5000;
    while ((await stack.clients().containerService.managedClusters.get("rg-aks", "aks-busy")).provisioningState === "Creating" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await stack.clients().containerService.managedClusters.delete("rg-aks", "aks-busy", { updateIntervalInMs: 5 });
    expect((await fail(stack.clients().containerService.managedClusters.get("rg-aks", "aks-busy")))?.code).toBe("ResourceNotFound");
  });
});

describe("workload identity", () => {
  it("exposes a stable OIDC issuer URL when oidcIssuerProfile is enabled, none otherwise", async () => {
    const aks = stack.clients().containerService;
    await stack.clients().resources.resourceGroups.createOrUpdate("rg-oidc", { location: "eastus" });
    const body = { location: "eastus", dnsPrefix: "oidc", agentPoolProfiles: [SYSTEM_POOL], oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } };
    const mc = await aks.managedClusters.createOrUpdate("rg-oidc", "aks-oidc", body, { updateIntervalInMs: 5 });
    expect(mc.oidcIssuerProfile?.enabled).toBe(true);
    expect(mc.oidcIssuerProfile?.issuerURL).toMatch(new RegExp(`^https://eastus\\.oic\\.prod-aks\\.azure\\.com/${stack.identity.tenantId}/[0-9a-f-]{36}/$`));
    expect(mc.securityProfile?.workloadIdentity?.enabled).toBe(true);
    const again = await aks.managedClusters.createOrUpdate("rg-oidc", "aks-oidc", { ...body, tags: { a: "b" } }, { updateIntervalInMs: 5 });
    expect(again.oidcIssuerProfile?.issuerURL).toBe(mc.oidcIssuerProfile?.issuerURL);
    const plain = await aks.managedClusters.createOrUpdate("rg-oidc", "aks-plain", { location: "eastus", dnsPrefix: "plain", agentPoolProfiles: [SYSTEM_POOL] }, { updateIntervalInMs: 5 });
    expect(plain.oidcIssuerProfile?.issuerURL).toBeUndefined();
  });
});
