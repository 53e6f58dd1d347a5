/** The wizard's step list: done steps are ticked, steps whose predecessors are open are not links. */
import Link from "next/link";
import { WIZARD_STEPS, missingBefore, type WizardStepKey } from "@/app/(console)/setup/wizard-steps";

export function WizardStepper({ current, completed }: { current: WizardStepKey; completed: readonly string[] }) {
  return (
    <nav aria-label="Setup steps" className="mb-6">
      <ol className="flex flex-wrap gap-2 text-sm">
        {WIZARD_STEPS.map((step, i) => {
          const done = completed.includes(step.key);
          const reachable = missingBefore(step.key, completed).length === 0;
          const label = `${i + 1}. ${step.title}${done ? " ✓" : ""}`;
          const cls = `rounded-md px-3 py-1.5 ${step.key === current ? "bg-blue-700 text-white" : done ? "bg-emerald-50 text-emerald-800" : "bg-zinc-100 text-zinc-600"}`;
          return (
            <li key={step.key}>
              {reachable ? (
                <Link href={`/setup?step=${step.key}`} className={cls} aria-current={step.key === current ? "step" : undefined}>
                  {label}
                </Link>
              ) : (
                <span className={cls} aria-disabled="true">
                  {label}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
