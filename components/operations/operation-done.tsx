/** Done: the OpenHands URL, what was created, and the audit trail of the operation. */
import type { OperationView } from "./operation-view";
import { Panel } from "@/components/ui/panel";

export function OperationDone({ view, host, trail }: { view: OperationView; host: string | undefined; trail: { occurred_at: Date; actor_name: string; action: string; outcome: string; detail: string | null }[] }) {
  const created = view.steps.flatMap((s) => s.resourceIds.map((id) => ({ step: s.title, id })));
  return (
    <Panel title="Done" className="mb-6">
      <div className="space-y-3 text-sm" aria-label="Setup summary">
        {host ? (
          <p>
            OpenHands URL: <a className="text-blue-700 underline" href={`https://${host}`}>{`https://${host}`}</a>
          </p>
        ) : null}
        <div>
          <h3 className="font-semibold">Created or verified ({created.length})</h3>
          <ul className="mt-1 space-y-0.5">
            {created.map((c) => (
              <li key={c.id} className="break-all font-mono text-xs">{c.id}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="font-semibold">Audit trail</h3>
          <ul className="mt-1 space-y-0.5">
            {trail.map((e, i) => (
              <li key={i}>
                <span className="text-zinc-500">{e.occurred_at.toISOString()}</span> {e.actor_name} <code>{e.action}</code> {e.outcome}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Panel>
  );
}
