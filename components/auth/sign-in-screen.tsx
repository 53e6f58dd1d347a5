"use client";
/** Shown when the server has no valid session; completes the sign-in after the Entra redirect. */
import { CenteredCard } from "@/components/ui/centered-card";
import { Notice } from "@/components/ui/notice";
import { SignInPanel } from "./sign-in-panel";

export function SignInScreen({ reason }: { reason?: string }) {
  return (
    <CenteredCard title="Sign in">
      <p>Sign in with your organisation&apos;s Microsoft Entra ID account. Your console role (Admin, Operator or Reader) decides what you can do.</p>
      {reason ? <Notice tone="warning" title="Your previous sign-in was not accepted">{reason}</Notice> : null}
      <SignInPanel mode="account" />
    </CenteredCard>
  );
}
