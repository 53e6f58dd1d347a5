/**
 * Nodes from AKS agent pools: names like AKS's VMSS instances (aks-<pool>-<8 digits>-vmss000000),
 * capacity from the VM size, the labels and taints AKS puts on nodes, and the pool's version.
 */
import { createHash } from "node:crypto";
import type { NodeObject, Taint } from "../model";
import { badRequest } from "../types";

export interface AgentPoolSpec {
  name: string;
  count: number;
  vmSize: string;
  mode?: "System" | "User";
  orchestratorVersion?: string;
  nodeLabels?: Record<string, string>;
  /** AKS format: "key=value:NoSchedule". */
  nodeTaints?: string[];
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  maxPods?: number;
  osType?: "Linux" | "Windows";
}

/** vCPUs and memory (GiB) of the VM sizes the console offers; unknown sizes are read from the name. */
const VM_SIZES: Record<string, { cpu: number; memGi: number }> = {
  standard_b2s: { cpu: 2, memGi: 4 },
  standard_b2ms: { cpu: 2, memGi: 8 },
  standard_b4ms: { cpu: 4, memGi: 16 },
  standard_d2s_v3: { cpu: 2, memGi: 8 },
  standard_d4s_v3: { cpu: 4, memGi: 16 },
  standard_d8s_v3: { cpu: 8, memGi: 32 },
  standard_d16s_v3: { cpu: 16, memGi: 64 },
  standard_d2ds_v5: { cpu: 2, memGi: 8 },
  standard_d4ds_v5: { cpu: 4, memGi: 16 },
  standard_d8ds_v5: { cpu: 8, memGi: 32 },
  standard_d16ds_v5: { cpu: 16, memGi: 64 },
  standard_d2s_v5: { cpu: 2, memGi: 8 },
  standard_d4s_v5: { cpu: 4, memGi: 16 },
  standard_d8s_v5: { cpu: 8, memGi: 32 },
  standard_d16s_v5: { cpu: 16, memGi: 64 },
  standard_e4s_v5: { cpu: 4, memGi: 32 },
  standard_e8s_v5: { cpu: 8, memGi: 64 },
  standard_f8s_v2: { cpu: 8, memGi: 16 },
  standard_ds2_v2: { cpu: 2, memGi: 7 },
};

export function vmCapacity(vmSize: string): { cpu: number; memGi: number } {
  const known = VM_SIZES[vmSize.toLowerCase()];
  if (known) return known;
  const m = /^Standard_[A-Z]+(\d+)/i.exec(vmSize);
  if (!m) throw badRequest(`unknown VM size "${vmSize}"`);
  const cpu = Number(m[1]);
  return { cpu, memGi: cpu * 4 };
}

/** The AKS reservation: kube-reserved CPU and memory plus the eviction threshold (simplified). */
export function allocatableOf(vmSize: string): { cpuMillis: number; memBytes: number } {
  const { cpu, memGi } = vmCapacity(vmSize);
  const kubeReservedCpu = cpu <= 2 ? 100 : cpu <= 4 ? 140 : cpu <= 8 ? 180 : 260;
  const memReservedGi = Math.min(memGi * 0.25, 0.75 + memGi * 0.05);
  return { cpuMillis: cpu * 1000 - kubeReservedCpu, memBytes: Math.round((memGi - memReservedGi - 0.1) * 2 ** 30) };
}

export function parseTaint(s: string): Taint {
  const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(s.trim());
  if (!m) throw badRequest(`invalid node taint "${s}": expected key=value:NoSchedule|PreferNoSchedule|NoExecute`);
  return { key: m[1]!, ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] as Taint["effect"] };
}

export function poolHash(cluster: string, pool: string): string {
  const n = parseInt(createHash("sha256").update(`${cluster}/${pool}`).digest("hex").slice(0, 8), 16);
  return String(n % 1e8).padStart(8, "0");
}

export function nodeName(cluster: string, pool: string, index: number): string {
  return `aks-${pool}-${poolHash(cluster, pool)}-vmss${index.toString(36).padStart(6, "0")}`;
}

export function poolOfNode(node: NodeObject): string | undefined {
  return node.metadata.labels?.agentpool;
}

export function nodeVersion(node: NodeObject): string {
  return (node.status?.nodeInfo?.kubeletVersion ?? "").replace(/^v/, "");
}

export function buildNode(opts: { cluster: string; location: string; pool: AgentPoolSpec; index: number; version: string; ip: string }): NodeObject {
  const { pool, cluster } = opts;
  const name = nodeName(cluster, pool.name, opts.index);
  const { cpu, memGi } = vmCapacity(pool.vmSize);
  const alloc = allocatableOf(pool.vmSize);
  const maxPods = String(pool.maxPods ?? 110);
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      uid: "",
      resourceVersion: "",
      creationTimestamp: "",
      labels: {
        agentpool: pool.name,
        "kubernetes.azure.com/agentpool": pool.name,
        "kubernetes.azure.com/mode": (pool.mode ?? "User").toLowerCase(),
        "kubernetes.azure.com/cluster": cluster,
        "kubernetes.azure.com/node-image-version": `AKSUbuntu-2204gen2containerd-202611.10.0`,
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": (pool.osType ?? "Linux").toLowerCase(),
        "kubernetes.io/role": "agent",
        "node.kubernetes.io/instance-type": pool.vmSize,
        "topology.kubernetes.io/region": opts.location,
        "topology.kubernetes.io/zone": "0",
        ...(pool.nodeLabels ?? {}),
      },
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: {
      providerID: `azure:///subscriptions/local/resourceGroups/mc_${cluster}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool.name}-vmss/virtualMachines/${opts.index}`,
      podCIDR: `10.244.${opts.index % 256}.0/24`,
      ...(pool.nodeTaints?.length ? { taints: pool.nodeTaints.map(parseTaint) } : {}),
    },
    status: {
      capacity: { cpu: String(cpu), memory: `${memGi * 1024 * 1024}Ki`, pods: maxPods, "ephemeral-storage": "129886128Ki" },
      allocatable: { cpu: `${alloc.cpuMillis}m`, memory: `${Math.round(alloc.memBytes / 1024)}Ki`, pods: maxPods, "ephemeral-storage": "119703055367" },
      conditions: [],
      addresses: [
        { type: "InternalIP", address: opts.ip },
        { type: "Hostname", address: name },
      ],
      nodeInfo: {
        architecture: "amd64",
        containerRuntimeVersion: "containerd://1.7.27-1",
        kernelVersion: "5.15.0-1089-azure",
        kubeProxyVersion: `v${opts.version}`,
        kubeletVersion: `v${opts.version}`,
        operatingSystem: "linux",
        osImage: "Ubuntu 22.04.5 LTS",
        machineID: createHash("md5").update(name).digest("hex"),
        systemUUID: createHash("md5").update(`uuid-${name}`).digest("hex"),
        bootID: createHash("md5").update(`boot-${name}-${opts.version}`).digest("hex"),
      },
    },
  };
}
