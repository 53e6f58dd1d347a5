/**
 * The wizard page once a setup's operation has ended: the environment it set up and how the run
 * ended — succeeded (summary on the operation page), or failed/canceled (the error, and the
 * operation page where Retry continues from the failed step) — with "Run setup again" and
 * "Set up another environment" for administrators (passed in as `actions`).
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import type { Operation } from "@/lib/store/operations";
import { formatUtc } from "@/lib/display-format";

export function FinishedSetup({ environmentName, operation, actions }: { environmentName: string; operation: Operation; actions: ReactNode }) {
  const href = `/operations/${operation.id}`;
  const succeeded = operation.status === "succeeded";
  return (
    <Panel title={succeeded ? `Environment ${environmentName} is set up` : `Setup of ${environmentName} ${operation.status}`}>
      <div className="space-y-4 text-sm" aria-label="Finished setup" data-environment={environmentName} data-operation-status={operation.status}>
        {succeeded ? (
          <p className="text-zinc-700">
            Setup finished{operation.finishedAt ? ` at ${formatUtc(operation.finishedAt, "second")}` : ""}. The summary lists the OpenHands URL, every resource and the audit trail.
          </p>
        ) : (
          <Notice tone="error" title={operation.error ? `Failed at ${operation.error.stepKey ?? "a step"}: ${operation.error.code}` : `The setup operation was ${operation.status}`}>
            {operation.error ? <p>{operation.error.message}</p> : null}
            {operation.error?.remedy ? <p className="mt-1"><span className="font-medium">What to do: </span>{operation.error.remedy}</p> : null}
            <p className="mt-1">{operation.status === "failed" ? "Retry continues from the failed step on the operation page." : "Run setup again to continue where it stopped."}</p>
          </Notice>
        )}
        <Link className={buttonClass(succeeded ? "secondary" : "primary")} href={href}>
          {succeeded ? "Open the setup summary" : operation.status === "failed" ? "Open the operation (Retry there)" : "Open the operation"}
        </Link>
        {actions ? <div className="flex flex-wrap items-start gap-3 border-t border-zinc-100 pt-4">{actions}</div> : null}
      </div>
    </Panel>
  );
}
