"use client";
/**
 * The part of the sign-in screens that needs MSAL, loaded on demand by sign-in-panel.tsx:
 * MsalProvider (processes Entra's redirect answer on the page it lands on), the exchange of the
 * MSAL sign-in for the console's session cookie, its progress, and the real sign-in button.
 */
import type { IPublicClientApplication } from "@azure/msal-browser";
import { MsalProvider } from "@azure/msal-react";
import { useState } from "react";
import { SignInButton } from "./sign-in-button";
import { busy, ExchangeProgress } from "./exchange-progress";
import { useSessionExchange } from "./use-session-exchange";

export interface MsalSignInProps {
  instance: IPublicClientApplication;
  /** "account": exchange whenever MSAL holds an account; "after-login": only right after a redirect sign-in. */
  mode: "account" | "after-login";
  label?: string;
  returnTo?: string;
  /** The admin clicked the placeholder while MSAL loaded: start the redirect once MSAL is idle. */
  startSignIn: boolean;
}

export default function MsalSignIn({ instance, ...props }: MsalSignInProps) {
  return (
    <MsalProvider instance={instance}>
      <SignInArea {...props} />
    </MsalProvider>
  );
}

function SignInArea({ mode, label, returnTo, startSignIn }: Omit<MsalSignInProps, "instance">) {
  const state = useSessionExchange(mode);
  // The placeholder's click starts one redirect, once (see SignInButton's onAutoStart).
  const [pendingClick, setPendingClick] = useState(startSignIn);
  return (
    <>
      <ExchangeProgress state={state} />
      {busy(state) ? null : <SignInButton label={label} returnTo={returnTo} autoStart={pendingClick} onAutoStart={() => setPendingClick(false)} />}
    </>
  );
}
