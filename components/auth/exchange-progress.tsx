import { Notice } from "@/components/ui/notice";
import type { ExchangeState } from "./use-session-exchange";

export function busy(state: ExchangeState): boolean {
  return state.phase === "checking" || state.phase === "establishing";
}

export function ExchangeProgress({ state }: { state: ExchangeState }) {
  if (state.phase === "failed") return <Notice tone="error" title="Sign-in did not complete">{state.message}</Notice>;
  if (!busy(state)) return null;
  return (
    <p role="status" className="text-zinc-600">
      {state.phase === "establishing" ? "Signing you in to the console…" : "Checking your sign-in with Microsoft Entra ID…"}
    </p>
  );
}
