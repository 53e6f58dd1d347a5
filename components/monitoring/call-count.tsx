/** The quiet footnote of a Monitoring view: how many Azure Monitor calls it cost and how long they took. */
import type { MonitoringView } from "@/lib/azure/monitor/view";

export async function CallCount({ view }: { view: MonitoringView }) {
  const ms = await view.settled;
  return (
    <p className="mt-6 text-xs text-zinc-400" data-testid="monitor-call-count">
      {`${view.ledger.summary()} · ${Math.round(ms)} ms · answers are cached for 45 s`}
    </p>
  );
}
