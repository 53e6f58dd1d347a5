/**
 * How an audit row's target reads: setup actions record GUIDs (`environment/<id>`,
 * `operation/<id>`, `setup-draft/<id>`) that say nothing to a person. With the names the store
 * resolved for the page, the row leads with the environment's name and links to the page the
 * console has for the target (the operation, the environment's Overview). Pure.
 */
import type { AuditTargetName } from "@/lib/store/audit-targets";

export interface AuditTargetView {
  /** What the row shows first ("setup operation of prod"); the raw target when nothing is known. */
  label: string;
  href?: string;
  /** The raw target, kept visible (it is what the filter and the server log speak). */
  raw: string;
}

const envHref = (name: string) => `/?env=${encodeURIComponent(name)}`;

export function describeAuditTarget(target: string, names: ReadonlyMap<string, AuditTargetName>): AuditTargetView {
  const [kind, ...rest] = target.split("/");
  const id = rest.join("/");
  const known = names.get(target);
  if (kind === "environment" && known?.environment) return { label: `environment ${known.environment}`, href: envHref(known.environment), raw: target };
  if (kind === "operation" && known) return { label: `${known.kind ?? "an"} operation of ${known.environment ?? "an environment"}`, href: `/operations/${id}`, raw: target };
  if (kind === "operation") return { label: target, href: `/operations/${id}`, raw: target };
  if (kind === "setup-draft" && known) {
    const label = known.environment ? `setup of ${known.environment}` : "setup (no environment name chosen yet)";
    return { label, ...(known.operationId ? { href: `/operations/${known.operationId}` } : {}), raw: target };
  }
  // Targets that name their environment already: link to the page that shows them.
  if ((kind === "sandbox" || kind === "database") && rest[0]) {
    const page = kind === "sandbox" ? "/sandboxes" : "/database";
    return { label: target, href: `${page}?env=${encodeURIComponent(rest[0])}`, raw: target };
  }
  return { label: target, raw: target };
}
