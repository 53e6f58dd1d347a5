"use client";
import { CenteredCard } from "@/components/ui/centered-card";
import { SignInButton } from "./sign-in-button";

/** Deliberately no automatic redirect: an expired session waits for the user (no loops). */
export function SessionExpiredScreen() {
  return (
    <CenteredCard title="Your session has expired">
      <p>For your security the console signed you out when your sign-in token expired. Nothing you had open was changed.</p>
      <SignInButton label="Sign in again" />
    </CenteredCard>
  );
}
