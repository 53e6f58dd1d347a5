/** Step 6: every planned resource with its name, SKU, dependencies and estimated cost; Bicep download; Provision. */
import type { ReactNode } from "react";
import type { ProvisioningPlan } from "@/lib/azure/provisioning/plan";
import { Notice } from "@/components/ui/notice";
import { formatUsd } from "@/lib/display-format";

const money = (n: number) => formatUsd(n, "always");

export function ReviewStep({ plan, provision, exportLinks }: { plan: ProvisioningPlan; provision: ReactNode; exportLinks: ReactNode }) {
  const byKey = new Map(plan.resources.map((r) => [r.key, r]));
  const e = plan.estimate;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-700">
        Environment <strong>{plan.environment.name}</strong> in <strong>{plan.environment.region}</strong>, resource group <code>{plan.environment.resourceGroup}</code>, subscription <code>{plan.environment.subscriptionId}</code>.
      </p>
      {plan.warnings.map((w) => (
        <Notice key={w.code} tone="warning">{w.message}</Notice>
      ))}
      {/* Names, ARM types and dependency lists are long unbroken words: they may break anywhere, so the
          table fits the card at any window width (the scroller is only a last resort on a phone). */}
      <div className="overflow-x-auto">
        <table className="w-full text-sm [overflow-wrap:anywhere]" aria-label="Planned resources">
          <thead>
            <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500">
              <th className="py-1.5">name</th>
              <th>type</th>
              <th>SKU</th>
              <th>depends on</th>
              <th className="text-right whitespace-nowrap">est. monthly</th>
            </tr>
          </thead>
          <tbody>
            {plan.resources.map((r) => (
              <tr key={r.key} className="border-b border-zinc-100 align-top">
                <td className="py-1.5 pr-3 font-mono text-xs">{[...r.parentNames, r.name].join("/")}</td>
                <td className="pr-3 text-xs text-zinc-600">{r.type}</td>
                <td className="pr-3 text-xs">{r.sku ?? "—"}</td>
                <td className="pr-3 text-xs text-zinc-600">{r.dependsOn.map((d) => byKey.get(d)?.name ?? d).join(", ") || "—"}</td>
                <td className="text-right text-xs whitespace-nowrap">{r.monthlyCost > 0 ? money(r.monthlyCost) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-label="Cost estimate" className="rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm">
        <p className="font-semibold">
          Estimated {money(e.totalMonthly)}/month idle, up to {money(e.totalMonthlyAtMax)}/month fully scaled out (estimate, {e.currency})
        </p>
        <p className="mt-1 text-xs text-zinc-600">{e.disclaimer}</p>
        <p className="text-xs text-zinc-600">Price table dated {e.priceDate}.</p>
      </section>
      <p className="text-sm text-zinc-700">
        {plan.steps.length} provisioning steps; independent steps run in parallel.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        {exportLinks}
        {provision}
      </div>
    </div>
  );
}
