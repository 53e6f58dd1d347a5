import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Verdict } from "@/lib/openhands/verdict";

const TONE: Record<Verdict, BadgeTone> = { ok: "success", warn: "warning", critical: "danger", unknown: "neutral" };

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span data-verdict={verdict}>
      <Badge tone={TONE[verdict]}>{verdict}</Badge>
    </span>
  );
}
