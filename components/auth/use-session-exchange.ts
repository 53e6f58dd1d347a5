"use client";
/**
 * Exchanges the MSAL sign-in for the server's session cookie (at most once per mount, so a
 * refused token shows its reason instead of looping), then refreshes the server components.
 *   when "account":     whenever MSAL holds an account (sign-in screen: also covers a new tab)
 *   when "after-login": only right after a sign-in redirect completed on this page load
 *                       (the expired screen must wait for the user, not renew by itself)
 */
import { EventType, InteractionStatus, InteractionType } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { currentAccount, describeError, describeSignInFailure, establishSession } from "@/lib/auth/client-session";
import { usePublicAuthConfig } from "@/components/providers/providers";

export type ExchangeState = { phase: "idle" | "checking" | "establishing" } | { phase: "failed"; message: string };

export function useSessionExchange(when: "account" | "after-login"): ExchangeState {
  const { instance, inProgress } = useMsal();
  const auth = usePublicAuthConfig();
  const router = useRouter();
  const attempted = useRef(false);
  const [justSignedIn, setJustSignedIn] = useState(false);
  const [state, setState] = useState<ExchangeState>({ phase: "idle" });

  useEffect(() => {
    // Registered before MsalProvider processes the redirect (child effects run first).
    // MSAL emits LOGIN_SUCCESS only when the redirect added an account; signing in again with
    // the account still cached in this tab (session ended by idle, sign-out elsewhere or an
    // admin) completes as ACQUIRE_TOKEN_SUCCESS of a redirect. Silent renewals are not sign-ins.
    const id = instance.addEventCallback((event) => {
      const redirectSignIn = event.eventType === EventType.ACQUIRE_TOKEN_SUCCESS && event.interactionType === InteractionType.Redirect;
      if (event.eventType === EventType.LOGIN_SUCCESS || redirectSignIn) setJustSignedIn(true);
      // A redirect that could not even start (the authority unreachable): the sign-in button is
      // unmounted while MSAL is busy, so its own error state is lost; the failure is kept here,
      // where the sign-in screen shows it, instead of the button silently coming back.
      if (event.eventType === EventType.ACQUIRE_TOKEN_FAILURE && event.interactionType === InteractionType.Redirect) {
        setState({ phase: "failed", message: describeSignInFailure(event.error, auth.authority) });
      }
    });
    return () => {
      if (id) instance.removeEventCallback(id);
    };
  }, [instance, auth.authority]);

  useEffect(() => {
    if (inProgress !== InteractionStatus.None || attempted.current) return;
    if (when === "after-login" && !justSignedIn) return;
    const account = currentAccount(instance);
    if (!account) return;
    attempted.current = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- marks the start of an async exchange
    setState({ phase: "establishing" });
    establishSession(instance, auth, account)
      .then(() => router.refresh())
      .catch((err: unknown) => setState({ phase: "failed", message: describeError(err) }));
  }, [inProgress, instance, auth, router, when, justSignedIn]);

  if (state.phase === "idle" && inProgress !== InteractionStatus.None) return { phase: "checking" };
  return state;
}
