/**
 * The Done summary of a setup operation: the OpenHands URL, "OpenHands Ready" with the health
 * result when the deploy steps ran, every resource created/updated/unchanged with its ARM id
 * linked to the Azure portal, the audit trail, the total wall time, and what to do next.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Panel } from "@/components/ui/panel";
import { AuditTrail, type TrailEntry } from "./audit-trail";
import { formatElapsed, type OperationView, type StepView } from "./operation-view";
import { readinessDetail, readinessVerdict, setupOutcome, type OutcomeResource } from "./setup-outcome";
import { AdminPasswordNote } from "@/components/database/admin-password-note";
import type { PostgresAdminSecret } from "@/lib/openhands/postgres-admin-secret";

const CHANGE_TONE = { created: "success", updated: "accent", unchanged: "neutral" } as const;

function ReadinessStep({ label, step }: { label: string; step: StepView | undefined }) {
  if (!step) return <li>{label}: {readinessVerdict(step)}</li>;
  const facts = step.resources.flatMap((r) => Object.entries(r.facts));
  const detail = readinessDetail(step);
  return (
    <li data-step={step.key} data-status={step.status}>
      <span className="font-medium">{label}:</span> {readinessVerdict(step)}
      {detail ? <span> — {detail}</span> : null}
      {facts.length > 0 ? <span className="text-zinc-500"> ({facts.map(([k, v]) => `${k}: ${String(v)}`).join(", ")})</span> : null}
    </li>
  );
}

function unchangedNames(resources: OutcomeResource[]): string {
  const names = resources.filter((r) => r.change === "unchanged").map((r) => r.name);
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function ResourceRow({ r }: { r: OutcomeResource }) {
  return (
    <tr className="border-t border-zinc-100 align-top" data-change={r.change ?? "unknown"}>
      <td className="py-1 pr-3">{r.change ? <Badge tone={CHANGE_TONE[r.change]}>{r.change}</Badge> : "—"}</td>
      <td className="py-1 pr-3 font-medium">{r.name}</td>
      <td className="py-1 pr-3 text-xs text-zinc-600">{r.type}</td>
      <td className="py-1 break-all font-mono text-xs">
        {r.portalUrl ? (
          <a className="text-blue-700 underline" href={r.portalUrl} target="_blank" rel="noreferrer" title="Open in the Azure portal">
            {r.resourceId}
          </a>
        ) : (
          r.resourceId || "—"
        )}
      </td>
    </tr>
  );
}

export function SetupSummary({
  view,
  url,
  environmentName,
  trail,
  rerun,
  postgresSecret,
}: {
  view: OperationView;
  url: string | undefined;
  environmentName: string | undefined;
  trail: TrailEntry[];
  /** The "Run setup again" control, for roles that may run setup. */
  rerun?: ReactNode;
  /** Where the PostgreSQL admin password is kept, when the environment is known. */
  postgresSecret?: PostgresAdminSecret;
}) {
  const out = setupOutcome(view);
  const env = environmentName ? `?env=${encodeURIComponent(environmentName)}` : "";
  return (
    <Panel title="Done" className="mb-6">
      <div className="space-y-5 text-sm" aria-label="Setup summary">
        {url ? (
          <p>
            OpenHands URL:{" "}
            <a className="font-medium text-blue-700 underline" href={url} target="_blank" rel="noreferrer">
              {url}
            </a>
          </p>
        ) : null}
        {url && out.openhands?.ingressAddress ? (
          <p aria-label="DNS record">
            DNS: <span className="font-mono">{hostOf(url)}</span> must resolve to <span className="font-mono">{out.openhands.ingressAddress}</span>, the
            public address the AKS application routing add-on gave OpenHands&apos; Ingress.
          </p>
        ) : null}
        {out.openhands ? (
          <div aria-label="OpenHands readiness" data-ready={out.openhands.isReady}>
            <h3 className="font-semibold">{out.openhands.isReady ? "OpenHands Ready" : "OpenHands not ready"}</h3>
            <ul className="mt-1 space-y-0.5">
              <ReadinessStep label="Ready" step={out.openhands.ready} />
              <ReadinessStep label="Health check" step={out.openhands.health} />
            </ul>
          </div>
        ) : (
          <p className="text-zinc-600">This setup ran the Azure steps only; OpenHands was not deployed by it.</p>
        )}
        <p>
          Total wall time: <span className="font-medium">{formatElapsed(out.wallTimeMs)}</span> (from Provision to the last step)
        </p>
        <div>
          <h3 className="font-semibold">
            Resources: {out.counts.created} created, {out.counts.updated} updated, {out.counts.unchanged} unchanged
          </h3>
          {out.counts.unchanged > 0 && !out.nothingChanged ? (
            // On a first run these are settings Azure already had as planned (e.g. require_secure_transport is on by default).
            <p className="text-xs text-zinc-600">Unchanged means Azure already had it as planned: {unchangedNames(out.resources)}.</p>
          ) : null}
          <table className="mt-1 w-full text-left" aria-label="Resources of this setup">
            <tbody>
              {out.resources.map((r, i) => (
                <ResourceRow key={`${r.resourceId || r.name}-${i}`} r={r} />
              ))}
            </tbody>
          </table>
        </div>
        {postgresSecret ? <AdminPasswordNote secret={postgresSecret} /> : null}
        <div>
          <h3 className="font-semibold">Audit trail</h3>
          <div className="mt-1">
            <AuditTrail trail={trail} />
          </div>
        </div>
        <div>
          <h3 className="font-semibold">Next steps</h3>
          <ul className="mt-1 flex flex-wrap gap-4" aria-label="Next steps">
            <li><Link className="text-blue-700 underline" href={`/${env}`}>Overview</Link></li>
            <li><Link className="text-blue-700 underline" href={`/monitoring${env}`}>Monitoring</Link></li>
            <li><Link className="text-blue-700 underline" href={`/sandboxes${env}`}>Sandboxes</Link></li>
          </ul>
        </div>
        {rerun}
      </div>
    </Panel>
  );
}
