/**
 * Kubernetes versions AKS offers in the local Azure and AKS's upgrade rules (pure):
 * upgrades go one minor at a time, never down, and a node pool never runs ahead of its control
 * plane. Error codes and wording follow AKS's answers (OperationNotAllowed, NodePoolMcVersionIncompatible).
 */
import { ArmError } from "../../core/errors";

export interface MinorVersion {
  minor: string;
  patches: string[];
  isDefault?: boolean;
  isPreview?: boolean;
}

/** Supported in November 2026 (N-2 … N+preview), each with two patches. */
export const KUBERNETES_VERSIONS: readonly MinorVersion[] = [
  { minor: "1.32", patches: ["1.32.7", "1.32.9"] },
  { minor: "1.33", patches: ["1.33.3", "1.33.5"] },
  { minor: "1.34", patches: ["1.34.1", "1.34.2"], isDefault: true },
  { minor: "1.35", patches: ["1.35.0"], isPreview: true },
];

export function parseVersion(v: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? -1 : Number(m[3])];
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [0, 0, 0];
  const pb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i]! !== pb[i]!) return pa[i]! - pb[i]!;
  return 0;
}

function minorOf(v: string): number {
  return parseVersion(v)?.[1] ?? -1;
}

const allPatches = (): string[] => KUBERNETES_VERSIONS.flatMap((m) => m.patches);

export function isPreview(version: string): boolean {
  return KUBERNETES_VERSIONS.some((m) => m.isPreview && (m.minor === version || m.patches.includes(version)));
}

export function defaultVersion(): string {
  const def = KUBERNETES_VERSIONS.find((m) => m.isDefault) ?? KUBERNETES_VERSIONS[0]!;
  return def.patches[def.patches.length - 1]!;
}

/**
 * A requested version ("1.33" = latest patch of that minor, or "1.33.5") as a supported patch;
 * `atMost` caps the patch (a pool asking for "1.33" under a 1.33.3 control plane gets 1.33.3).
 */
export function resolveVersion(requested: string, kind: "cluster" | "pool", atMost?: string): string {
  const parsed = parseVersion(requested);
  const notSupported = new ArmError(
    400,
    kind === "pool" ? "AgentPoolK8sVersionNotSupported" : "K8sVersionNotSupported",
    `Version ${requested} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
  );
  if (!parsed) throw notSupported;
  if (parsed[2] === -1) {
    const minor = KUBERNETES_VERSIONS.find((m) => m.minor === `${parsed[0]}.${parsed[1]}`);
    const candidates = (minor?.patches ?? []).filter((p) => !atMost || compareVersions(p, atMost) <= 0);
    const pick = candidates[candidates.length - 1];
    if (!pick) throw notSupported;
    return pick;
  }
  if (!allPatches().includes(requested)) throw notSupported;
  return requested;
}

/** Versions `current` may move to: later patches of its minor and any patch of the next minor. */
export function upgradesFrom(current: string, ceiling?: string): string[] {
  return allPatches().filter(
    (v) =>
      compareVersions(v, current) > 0 &&
      minorOf(v) - minorOf(current) <= 1 &&
      (!ceiling || compareVersions(v, ceiling) <= 0),
  );
}

/** Refuse what AKS refuses for a control-plane version change. */
export function checkControlPlaneChange(current: string, target: string): void {
  if (target === current) return;
  const available = upgradesFrom(current);
  if (compareVersions(target, current) < 0) {
    throw new ArmError(400, "OperationNotAllowed", `Downgrading Kubernetes version ${current} to ${target} is not allowed. Available upgrades: ${available.join(",")}. Please see https://aka.ms/aks-supported-k8s-ver for version details.`);
  }
  if (!available.includes(target)) {
    throw new ArmError(400, "OperationNotAllowed", `Upgrading Kubernetes version ${current} to ${target} is not allowed. Available upgrades: [${available.join(" ")}]. Please see https://aka.ms/aks-supported-k8s-ver for version details.`);
  }
}

/** Refuse what AKS refuses for a node pool version (`current` undefined for a new pool). */
export function checkPoolVersion(controlPlane: string, target: string, current?: string): void {
  if (compareVersions(target, controlPlane) > 0) {
    throw new ArmError(
      400,
      "NodePoolMcVersionIncompatible",
      `Node pool version ${target} and control plane version ${controlPlane} are incompatible. Minor version of node pool version ${minorOf(target)} is bigger than control plane version ${minorOf(controlPlane)}. For more information, please check https://aka.ms/aks/UpgradeVersionRules`,
    );
  }
  if (current !== undefined && target !== current) checkControlPlaneChange(current, target);
}

/** The `kubernetesVersions` list answer (KubernetesVersions_List shape). */
export function kubernetesVersionsBody(): { values: unknown[] } {
  return {
    values: KUBERNETES_VERSIONS.map((m) => ({
      version: m.minor,
      ...(m.isDefault ? { isDefault: true } : {}),
      ...(m.isPreview ? { isPreview: true } : {}),
      capabilities: { supportPlan: ["KubernetesOfficial", "AKSLongTermSupport"] },
      patchVersions: Object.fromEntries(m.patches.map((p) => [p, { upgrades: upgradesFrom(p) }])),
    })),
  };
}
