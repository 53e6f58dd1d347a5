"use client";
/** Shown when the server has no valid session; completes the sign-in after the Entra redirect. */
import { CenteredCard } from "@/components/ui/centered-card";
import { Notice } from "@/components/ui/notice";
import { SignInButton } from "./sign-in-button";
import { useSessionExchange, type ExchangeState } from "./use-session-exchange";

export function SignInScreen({ reason }: { reason?: string }) {
  const state = useSessionExchange("account");
  return (
    <CenteredCard title="Sign in">
      <p>Sign in with your organisation&apos;s Microsoft Entra ID account. Your console role (Admin, Operator or Reader) decides what you can do.</p>
      {reason ? <Notice tone="warning" title="Your previous sign-in was not accepted">{reason}</Notice> : null}
      <ExchangeProgress state={state} />
      {busy(state) ? null : <SignInButton />}
    </CenteredCard>
  );
}

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
