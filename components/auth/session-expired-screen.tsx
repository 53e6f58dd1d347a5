"use client";
import { CenteredCard } from "@/components/ui/centered-card";
import { SignInButton } from "./sign-in-button";
import { busy, ExchangeProgress } from "./sign-in-screen";
import { useSessionExchange } from "./use-session-exchange";

/**
 * Deliberately no automatic redirect or silent renewal (no loops): the user chooses to sign in
 * again; only the return from that sign-in is completed here.
 */
export function SessionExpiredScreen({ reason }: { reason?: string }) {
  const state = useSessionExchange("after-login");
  return (
    <CenteredCard title="Your session has expired">
      <p>For your security the console ended your session. {reason} Nothing you had open was changed.</p>
      <ExchangeProgress state={state} />
      {busy(state) ? null : <SignInButton label="Sign in again" />}
    </CenteredCard>
  );
}
