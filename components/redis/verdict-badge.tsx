import type { Verdict } from "@/lib/openhands/verdict";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<Verdict, BadgeTone> = { ok: "success", warn: "warning", critical: "danger", unknown: "neutral" };

/** A verdict as a coloured word (never colour alone); `data-verdict` lets journeys read it. */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span data-verdict={verdict}>
      <Badge tone={TONE[verdict]}>{verdict}</Badge>
    </span>
  );
}
