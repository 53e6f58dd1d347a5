"use client";
import { CenteredCard } from "@/components/ui/centered-card";
import { SignInPanel } from "./sign-in-panel";

/**
 * Deliberately no automatic redirect or silent renewal (no loops): the user chooses to sign in
 * again; only the return from that sign-in is completed here.
 */
export function SessionExpiredScreen({ reason }: { reason?: string }) {
  return (
    <CenteredCard title="Your session has expired">
      <p>For your security the console ended your session. {reason} Nothing you had open was changed.</p>
      <SignInPanel mode="after-login" label="Sign in again" />
    </CenteredCard>
  );
}
