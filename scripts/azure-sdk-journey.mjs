#!/usr/bin/env node
/**
 * Proof that the local Azure is Azure to the SDKs: this script uses ONLY the public Azure SDK
 * packages and @azure/identity — no project code — against a running local stack, found through
 * <LOCAL_STACK_DIR>/local-stack.json (default .data). Run it with the stack's CA trusted:
 *
 *   NODE_EXTRA_CA_CERTS=.data/tls/ca.pem node scripts/azure-sdk-journey.mjs
 *
 * It creates a resource group, a VNet with subnets, NSGs, an AKS cluster, a PostgreSQL flexible
 * server, a Redis cache, a storage account with a lifecycle policy; lists metrics; reads an
 * upgrade profile; meets an injected fault; and resumes a serialized poller after a restart of
 * the local Azure. Each step prints one line with its wall time; exit code 0 means all passed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ClientSecretCredential } from "@azure/identity";
import { ResourceManagementClient } from "@azure/arm-resources";
import { NetworkManagementClient } from "@azure/arm-network";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { RedisManagementClient } from "@azure/arm-rediscache";
import { StorageManagementClient } from "@azure/arm-storage";
import { MonitorClient } from "@azure/arm-monitor";

const dataDir = process.env.LOCAL_STACK_DIR ?? ".data";
const stack = JSON.parse(readFileSync(path.join(dataDir, "local-stack.json"), "utf8"));
const { tenantId, clientId, clientSecret, authorityHost } = stack.automation;
const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, { authorityHost, disableInstanceDiscovery: true });
const sub = stack.subscriptionId;
const endpoint = stack.armEndpoint;
// Autorest-generation clients default their token scope to `${endpoint}/.default`: name ARM's.
const autorest = { endpoint, credentialScopes: ["https://management.azure.com/.default"] };
const poll = { updateIntervalInMs: 250 };

const resources = new ResourceManagementClient(credential, sub, autorest);
const network = new NetworkManagementClient(credential, sub, autorest);
const aks = new ContainerServiceClient(credential, sub, { endpoint });
const postgres = new PostgreSQLManagementFlexibleServerClient(credential, sub, autorest);
const redis = new RedisManagementClient(credential, sub, autorest);
const storage = new StorageManagementClient(credential, sub, { endpoint });
const monitor = new MonitorClient(credential, sub, autorest);

const run = process.env.JOURNEY_ID ?? randomBytes(3).toString("hex");
const rg = `rg-journey-${run}`;
const location = "eastus";
const password = `Pw-${randomBytes(12).toString("base64url")}1a`;
let failures = 0;

async function step(title, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    console.log(`ok    ${title.padEnd(58)} ${String(Date.now() - t0).padStart(6)} ms  ${detail ?? ""}`);
  } catch (err) {
    failures++;
    console.log(`FAIL  ${title.padEnd(58)} ${String(Date.now() - t0).padStart(6)} ms  ${err?.code ?? ""} ${err?.message ?? err}`);
  }
}

async function control(method, p, body) {
  const res = await fetch(`${endpoint}/_emulator/${p}`, { method, headers: { "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`control ${method} ${p}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

console.log(`Local Azure at ${endpoint}, subscription ${sub}, resource group ${rg}\n`);

await step("register resource providers", async () => {
  const names = ["Microsoft.Network", "Microsoft.ContainerService", "Microsoft.DBforPostgreSQL", "Microsoft.Cache", "Microsoft.Storage", "Microsoft.Insights"];
  for (const ns of names) await resources.providers.register(ns);
  // Registration is asynchronous in Azure ("Registering" first): wait for "Registered".
  const deadline = Date.now() + 120_000;
  for (const ns of names) {
    while ((await resources.providers.get(ns)).registrationState !== "Registered") {
      if (Date.now() > deadline) throw new Error(`${ns} is still not registered after 2 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return names.length + " registered";
});

await step("create resource group", async () => (await resources.resourceGroups.createOrUpdate(rg, { location, tags: { purpose: "sdk-journey" } })).properties?.provisioningState);

await step("create VNet with app and db subnets (db delegated to PostgreSQL)", async () => {
  const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet-openhands-journey", {
    location,
    addressSpace: { addressPrefixes: ["10.40.0.0/16"] },
    subnets: [
      { name: "snet-openhands-app", addressPrefix: "10.40.0.0/20" },
      { name: "snet-openhands-db", addressPrefix: "10.40.16.0/24", delegations: [{ name: "pg", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }] },
    ],
  }, poll);
  return `${vnet.provisioningState}, subnets: ${vnet.subnets?.map((s) => s.name).join(", ")}`;
});

await step("create NSGs (app → db 5432 allowed)", async () => {
  const app = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, "nsg-openhands-app", { location }, poll);
  const db = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, "nsg-openhands-db", {
    location,
    securityRules: [{ name: "allow-app-postgres", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "10.40.0.0/20", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "5432" }],
  }, poll);
  return `${app.name}, ${db.name} (${db.securityRules?.length} rule, ${db.defaultSecurityRules?.length} defaults)`;
});

// The three slow resources are created in parallel, as the console does.
await Promise.all([
  step("create AKS cluster (system + sandbox pools)", async () => {
    const versions = await aks.managedClusters.listKubernetesVersions(location);
    const version = versions.values?.find((v) => v.isDefault)?.version ?? versions.values?.[0]?.version;
    const mc = await aks.managedClusters.createOrUpdate(rg, "aks-openhands-journey", {
      location,
      dnsPrefix: "aks-journey",
      kubernetesVersion: version,
      identity: { type: "SystemAssigned" },
      agentPoolProfiles: [
        { name: "system", mode: "System", count: 1, vmSize: "Standard_D4s_v5", osType: "Linux" },
        { name: "sandbox", mode: "User", count: 1, vmSize: "Standard_D8s_v5", osType: "Linux", enableAutoScaling: true, minCount: 1, maxCount: 3, nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] },
      ],
    }, poll);
    return `${mc.provisioningState}, Kubernetes ${mc.currentKubernetesVersion}, fqdn ${mc.fqdn}`;
  }),
  step("create PostgreSQL flexible server + firewall rule", async () => {
    const server = await postgres.servers.beginCreateOrUpdateAndWait(rg, `db-openhands-journey-${run}`, {
      location, sku: { name: "Standard_B2s", tier: "Burstable" }, administratorLogin: "ohadmin", administratorLoginPassword: password, version: "16", storage: { storageSizeGB: 32 },
    }, poll);
    await postgres.firewallRules.beginCreateOrUpdateAndWait(rg, server.name, "allow-local", { startIpAddress: "127.0.0.1", endIpAddress: "127.0.0.1" }, poll);
    return `${server.state}, ${server.fullyQualifiedDomainName}`;
  }),
  step("create Redis cache (non-TLS port for OpenHands)", async () => {
    const cache = await redis.redis.beginCreateAndWait(rg, `cache-openhands-journey-${run}`, { location, sku: { name: "Basic", family: "C", capacity: 0 }, enableNonSslPort: true, minimumTlsVersion: "1.2" }, poll);
    const keys = await redis.redis.listKeys(rg, cache.name);
    return `${cache.provisioningState}, ${cache.hostName}:${cache.port}, key ${keys.primaryKey ? "received" : "missing"}`;
  }),
  step("create storage account + lifecycle policy", async () => {
    const name = `stjourney${run}`;
    const account = await storage.storageAccounts.create(rg, name, { location, sku: { name: "Standard_LRS" }, kind: "StorageV2", minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false }, poll);
    await storage.blobContainers.create(rg, name, "backups", {});
    const policy = await storage.managementPolicies.createOrUpdate(rg, name, "default", {
      policy: { rules: [{ enabled: true, name: "deleteOldBackups", type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: ["backups/"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } } } }] },
    });
    return `${account.provisioningState}, policy rules: ${policy.policy?.rules.map((r) => r.name).join(", ")}`;
  }),
]);

await step("list AKS metrics (node CPU, last hour, PT1M): none before the cluster existed", async () => {
  const id = `subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/aks-openhands-journey`;
  const r = await monitor.metrics.list(id, { metricnames: "node_cpu_usage_percentage", timespan: "PT1H", interval: "PT1M", aggregation: "Average" });
  const series = r.value[0]?.timeseries?.[0]?.data;
  if (!series) throw new Error("no node_cpu_usage_percentage series");
  // The cluster is about a minute old: Azure Monitor has values only for the minutes since it was created.
  const points = series.filter((p) => p.average !== undefined);
  if (points.length > 3) throw new Error(`a cluster created a minute ago has ${points.length} minutes of CPU history`);
  return `${series.length} minutes in the answer, ${points.length} measured since the cluster was created${points.length ? `, latest ${points.at(-1).average.toFixed(1)} %` : ""}`;
});

await step("read the AKS upgrade profile", async () => {
  const profile = await aks.managedClusters.getUpgradeProfile(rg, "aks-openhands-journey");
  return `control plane ${profile.controlPlaneProfile.kubernetesVersion} → ${profile.controlPlaneProfile.upgrades?.map((u) => u.kubernetesVersion).join(", ") || "none"}`;
});

await step("meet an injected fault (QuotaExceeded on an agent pool PUT)", async () => {
  await control("POST", "faults", { match: { method: "PUT", path: "/agentPools/burst" }, count: 1, action: { type: "error", code: "QuotaExceeded", message: "Injected by the journey: exceeding approved standardDSv5Family Cores quota." } });
  try {
    await aks.agentPools.createOrUpdate(rg, "aks-openhands-journey", "burst", { count: 1, vmSize: "Standard_D2s_v5", mode: "User" }, poll);
  } catch (err) {
    if (err.code !== "QuotaExceeded") throw err;
    const retried = await aks.agentPools.createOrUpdate(rg, "aks-openhands-journey", "burst", { count: 1, vmSize: "Standard_D2s_v5", mode: "User" }, poll);
    return `got ${err.code} (${err.statusCode}); the retry succeeded: ${retried.provisioningState}`;
  }
  throw new Error("the fault did not happen");
});

await step("resume a serialized poller across a restart of the local Azure", async () => {
  await control("PUT", "time-scale", { timeScale: 0.05 }); // long enough to be in flight at the restart
  const name = `db-openhands-resume-${run}`;
  const poller = await postgres.servers.beginCreateOrUpdate(rg, name, {
    location, sku: { name: "Standard_B1ms", tier: "Burstable" }, administratorLogin: "ohadmin", administratorLoginPassword: password, version: "16", storage: { storageSizeGB: 32 },
  }, poll);
  const saved = poller.toString();
  const before = (await control("GET", "health")).startedAt;
  await control("POST", "restart");
  // Wait until a NEW process answers (its start time differs).
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const h = await control("GET", "health");
      if (h.status === "ok" && h.startedAt !== before) break;
    } catch {
      /* restarting */
    }
    if (Date.now() > deadline) throw new Error("the local Azure did not come back within 60 s");
    await new Promise((r) => setTimeout(r, 300));
  }
  const resumed = await postgres.servers.beginCreateOrUpdate(rg, name, {}, { resumeFrom: saved, ...poll });
  const server = await resumed.pollUntilDone();
  return `${server.name} ${server.state} after the restart`;
});

await step("clean up (delete the resource group)", async () => {
  await resources.resourceGroups.beginDeleteAndWait(rg, poll);
  return "deleted";
});

console.log(`\n${failures === 0 ? "journey: all steps passed" : `journey: ${failures} step(s) failed`}`);
process.exit(failures === 0 ? 0 : 1);
