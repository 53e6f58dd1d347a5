import type { Verdict } from "@/lib/openhands/verdict";
import { Badge, type BadgeTone } from "./badge";

const TONE: Record<Verdict, BadgeTone> = { ok: "success", warn: "warning", critical: "danger", unknown: "neutral" };
const WORD: Record<Verdict, string> = { ok: "OK", warn: "Warning", critical: "Critical", unknown: "Unknown" };

/** A verdict as a coloured word (never colour alone); `data-verdict` lets journeys read it. */
export function VerdictBadge({ verdict, wording = "short" }: { verdict: Verdict; wording?: "short" | "word" }) {
  return (
    <span data-verdict={verdict}>
      <Badge tone={TONE[verdict]}>{wording === "word" ? WORD[verdict] : verdict}</Badge>
    </span>
  );
}
