/**
 * AKS and monitoring parts of the plan. The cluster carries all three pools in its create body
 * (system, platform, sandbox with label + taint `openhands.dev/sandbox=true`), autoscaler on,
 * Azure CNI overlay in the app subnet, OIDC issuer + workload identity (the console's identity on
 * AKS). Monitoring: the action group and the recommended metric alerts on AKS, PostgreSQL, Redis.
 */
import type { MetricAlertResource } from "@azure/arm-monitor";
import type { ManagedClusterAgentPoolProfile } from "@azure/arm-containerservice";
import { aksTier } from "./cost";
import { AKS_NETWORK, API_VERSIONS, RESOURCE_KEYS as K, resourceId, SANDBOX_LABEL, SANDBOX_TAINT, subnetId, UPGRADE_MAX_SURGE, type PlanContext } from "./plan-context";
import type { PlannedResource, PlannedResourceOf } from "./plan-types";

export function aksResource(ctx: PlanContext): PlannedResourceOf<"Microsoft.ContainerService/managedClusters"> {
  const { names, region, resourceGroup, tags } = ctx;
  const { pools, kubernetesVersion } = ctx.input.sizing;
  const appSubnet = subnetId(ctx, names.appSubnet);
  const pool = (name: "system" | "platform" | "sandbox", extra: Partial<ManagedClusterAgentPoolProfile>): ManagedClusterAgentPoolProfile => ({
    name,
    mode: name === "system" ? "System" : "User",
    type: "VirtualMachineScaleSets",
    osType: "Linux",
    vmSize: pools[name].vmSize,
    count: pools[name].min,
    enableAutoScaling: true,
    minCount: pools[name].min,
    maxCount: pools[name].max,
    vnetSubnetID: appSubnet,
    upgradeSettings: { maxSurge: String(UPGRADE_MAX_SURGE) },
    ...(kubernetesVersion ? { orchestratorVersion: kubernetesVersion } : {}),
    ...extra,
  });
  const tier = aksTier(ctx.input.sizing);
  return {
    key: K.aks,
    type: "Microsoft.ContainerService/managedClusters",
    name: names.aksCluster,
    parentNames: [],
    id: resourceId(ctx, "Microsoft.ContainerService/managedClusters", names.aksCluster),
    apiVersion: API_VERSIONS["Microsoft.ContainerService/managedClusters"],
    resourceGroup,
    location: region,
    sku: (["system", "platform", "sandbox"] as const).map((p) => `${p}: ${pools[p].vmSize} × ${pools[p].min}–${pools[p].max}`).join("; ") + ` (${tier} tier)`,
    dependsOn: [K.vnet],
    monthlyCost: 0,
    armBody: {
      location: region,
      tags,
      identity: { type: "SystemAssigned" },
      sku: { name: "Base", tier },
      ...(kubernetesVersion ? { kubernetesVersion } : {}),
      dnsPrefix: names.aksCluster,
      enableRbac: true,
      agentPoolProfiles: [
        // Keep app pods off the system pool so its nodes stay small and stable.
        pool("system", { nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] }),
        pool("platform", { nodeLabels: { "openhands.dev/pool": "platform" } }),
        pool("sandbox", { nodeLabels: { [SANDBOX_LABEL.key]: SANDBOX_LABEL.value }, nodeTaints: [SANDBOX_TAINT] }),
      ],
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: AKS_NETWORK.podCidr,
        serviceCidr: AKS_NETWORK.serviceCidr,
        dnsServiceIP: AKS_NETWORK.dnsServiceIP,
        loadBalancerSku: "standard",
        outboundType: "loadBalancer",
      },
      // The application routing add-on (managed NGINX): the ingress controller OpenHands' Ingress needs.
      ingressProfile: { webAppRouting: { enabled: true } },
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      autoUpgradeProfile: { upgradeChannel: "none", nodeOSUpgradeChannel: "NodeImage" },
    },
  };
}

interface AlertSpec {
  key: string;
  name: string;
  target: string;
  targetType: string;
  metric: string;
  operator: "GreaterThan" | "LessThan";
  threshold: number;
  aggregation: "Average" | "Maximum" | "Minimum";
  severity: number;
  description: string;
}

/** The recommended alerts created at setup (metric names as Azure Monitor publishes them). */
export function alertSpecs(ctx: PlanContext): AlertSpec[] {
  const aks = { target: K.aks, targetType: "Microsoft.ContainerService/managedClusters" };
  const pg = { target: K.postgres, targetType: "Microsoft.DBforPostgreSQL/flexibleServers" };
  const redis = { target: K.redis, targetType: "Microsoft.Cache/redis" };
  const env = ctx.input.environment.name;
  return [
    { key: "alert-aks-cpu", name: `alert-openhands-${env}-aks-cpu`, ...aks, metric: "node_cpu_usage_percentage", operator: "GreaterThan", threshold: 85, aggregation: "Average", severity: 2, description: "AKS node CPU above 85% for 15 minutes" },
    { key: "alert-aks-memory", name: `alert-openhands-${env}-aks-memory`, ...aks, metric: "node_memory_working_set_percentage", operator: "GreaterThan", threshold: 90, aggregation: "Average", severity: 2, description: "AKS node memory working set above 90% for 15 minutes" },
    { key: "alert-aks-unschedulable", name: `alert-openhands-${env}-aks-unschedulable`, ...aks, metric: "cluster_autoscaler_unschedulable_pods_count", operator: "GreaterThan", threshold: 0, aggregation: "Average", severity: 2, description: "Pods (sandboxes) cannot be scheduled: the autoscaler is at its maximum or quota is exhausted" },
    { key: "alert-postgres-cpu", name: `alert-openhands-${env}-db-cpu`, ...pg, metric: "cpu_percent", operator: "GreaterThan", threshold: 80, aggregation: "Average", severity: 2, description: "PostgreSQL CPU above 80% for 15 minutes" },
    { key: "alert-postgres-storage", name: `alert-openhands-${env}-db-storage`, ...pg, metric: "storage_percent", operator: "GreaterThan", threshold: 85, aggregation: "Maximum", severity: 1, description: "PostgreSQL storage above 85% (auto-grow is on, but check growth)" },
    { key: "alert-postgres-alive", name: `alert-openhands-${env}-db-alive`, ...pg, metric: "is_db_alive", operator: "LessThan", threshold: 1, aggregation: "Minimum", severity: 0, description: "PostgreSQL is not answering" },
    { key: "alert-redis-memory", name: `alert-openhands-${env}-cache-memory`, ...redis, metric: "usedmemorypercentage", operator: "GreaterThan", threshold: 85, aggregation: "Maximum", severity: 2, description: "Redis memory above 85%" },
    { key: "alert-redis-load", name: `alert-openhands-${env}-cache-load`, ...redis, metric: "serverLoad", operator: "GreaterThan", threshold: 80, aggregation: "Average", severity: 2, description: "Redis server load above 80% for 15 minutes" },
  ];
}

export function monitoringResources(ctx: PlanContext, targets: Map<string, PlannedResource>): PlannedResource[] {
  const { names, resourceGroup, tags } = ctx;
  const actionGroupId = resourceId(ctx, "Microsoft.Insights/actionGroups", names.actionGroup);
  const email = ctx.input.environment.alertEmail;
  const actionGroup: PlannedResourceOf<"Microsoft.Insights/actionGroups"> = {
    key: K.actionGroup,
    type: "Microsoft.Insights/actionGroups",
    name: names.actionGroup,
    parentNames: [],
    id: actionGroupId,
    apiVersion: API_VERSIONS["Microsoft.Insights/actionGroups"],
    resourceGroup,
    location: "global",
    dependsOn: [K.resourceGroup],
    monthlyCost: 0,
    armBody: {
      location: "global",
      tags,
      // groupShortName is limited to 12 characters.
      groupShortName: `oh-${ctx.input.environment.name}`.slice(0, 12),
      enabled: true,
      emailReceivers: email ? [{ name: "admin-email", emailAddress: email, useCommonAlertSchema: true }] : [],
    },
  };
  const alerts = alertSpecs(ctx).map((a): PlannedResourceOf<"Microsoft.Insights/metricAlerts"> => {
    const target = targets.get(a.target);
    if (!target) throw new Error(`alert ${a.key} targets unknown resource ${a.target}`);
    const body: MetricAlertResource = {
      location: "global",
      tags,
      description: a.description,
      severity: a.severity,
      enabled: true,
      scopes: [target.id],
      evaluationFrequency: "PT5M",
      windowSize: "PT15M",
      targetResourceType: a.targetType,
      targetResourceRegion: ctx.region,
      autoMitigate: true,
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [{ criterionType: "StaticThresholdCriterion", name: a.metric, metricName: a.metric, metricNamespace: a.targetType, operator: a.operator, threshold: a.threshold, timeAggregation: a.aggregation }],
      },
      actions: [{ actionGroupId }],
    };
    return {
      key: a.key,
      type: "Microsoft.Insights/metricAlerts",
      name: a.name,
      parentNames: [],
      id: resourceId(ctx, "Microsoft.Insights/metricAlerts", a.name),
      apiVersion: API_VERSIONS["Microsoft.Insights/metricAlerts"],
      resourceGroup,
      location: "global",
      sku: `${a.metric} ${a.operator === "GreaterThan" ? ">" : "<"} ${a.threshold}`,
      dependsOn: [K.actionGroup, a.target],
      monthlyCost: 0,
      armBody: body,
    };
  });
  return [actionGroup, ...alerts];
}
