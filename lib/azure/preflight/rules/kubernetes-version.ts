/** The Kubernetes version the plan asks for must be offered by AKS in the region (GA, not preview). */
import type { KubernetesVersionObservation, Observed, PreflightCheck, PreflightTarget } from "../types";
import { unreadable } from "./observed";

function minorOf(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

export function kubernetesVersionCheck(target: PreflightTarget, observed: Observed<KubernetesVersionObservation[]>): PreflightCheck | undefined {
  if (!target.aks) return undefined;
  const id = "aks-version";
  const wanted = target.aks.kubernetesVersion;
  const title = `AKS Kubernetes version${wanted ? ` ${wanted}` : ""} offered`;
  if (!observed.ok) return unreadable(id, title, `the Kubernetes versions AKS offers in ${target.location}`, observed);
  const offered = observed.value;
  const ga = offered.filter((v) => !v.isPreview).map((v) => v.version);
  const list = `offered in ${target.location}: ${offered.map((v) => `${v.version}${v.isPreview ? " (preview)" : ""}${v.isDefault ? " (default)" : ""}`).join(", ") || "none"}`;
  const defaultVersion = offered.find((v) => v.isDefault)?.version;
  if (!wanted) {
    if (!defaultVersion) return { id, title, status: "warn", evidence: `No version given and AKS names no default; ${list}.`, remedy: "Pick a GA version explicitly." };
    return { id, title, status: "pass", evidence: `No version pinned: AKS will use its default ${defaultVersion}; ${list}.` };
  }
  const minor = offered.find((v) => v.version === minorOf(wanted));
  const patchOk = !minor || wanted.split(".").length < 3 || minor.patchVersions.length === 0 || minor.patchVersions.includes(wanted);
  if (!minor || !patchOk) {
    return {
      id,
      title,
      status: "fail",
      evidence: `${wanted} is not offered; ${list}${minor ? ` (patches of ${minor.version}: ${minor.patchVersions.join(", ")})` : ""}. AKS would answer K8sVersionNotSupported.`,
      remedy: `Choose ${defaultVersion ?? ga[ga.length - 1] ?? "an offered version"}${ga.length > 0 ? ` (GA: ${ga.join(", ")})` : ""}.`,
    };
  }
  if (minor.isPreview) {
    return { id, title, status: "warn", evidence: `${wanted} is a preview version in ${target.location}; ${list}.`, remedy: `Preview versions have no support SLA; prefer ${defaultVersion ?? "a GA version"} for production.` };
  }
  return { id, title, status: "pass", evidence: `${wanted} is offered (GA) in ${target.location}; ${list}.` };
}
