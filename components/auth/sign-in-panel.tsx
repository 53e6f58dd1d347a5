"use client";
/**
 * The sign-in button of every sign-in screen, light on first load. Until the page is hydrated the
 * button is visibly not ready ("Preparing sign-in…", disabled) — a click before hydration would
 * be lost. After that it works at once: a click loads MSAL (lib/auth/msal-instance.ts) and the
 * MSAL part (msal-sign-in.tsx), which then starts the redirect. MSAL loads without a click only
 * when the page must finish something with it (msalNeededOnThisPage: Entra's answer in the URL,
 * or this tab's MSAL cache).
 */
import type { IPublicClientApplication } from "@azure/msal-browser";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { describeError } from "@/lib/auth/client-session";
import { msalInstance } from "@/lib/auth/msal-instance";
import { msalNeededOnThisPage } from "@/lib/auth/msal-state";
import { Button } from "@/components/ui/button";
import { usePublicAuthConfig } from "@/components/providers/providers";

const MsalSignIn = dynamic(() => import("./msal-sign-in"), {
  ssr: false,
  loading: () => <Button disabled>Opening Microsoft sign-in…</Button>,
});

const noSubscription = () => () => undefined;
/** false while server rendering and hydrating, true once React runs this component in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export interface SignInPanelProps {
  mode?: "account" | "after-login";
  label?: string;
  returnTo?: string;
}

export function SignInPanel({ mode = "account", label = "Sign in with Microsoft Entra ID", returnTo }: SignInPanelProps) {
  const auth = usePublicAuthConfig();
  const hydrated = useHydrated();
  const [instance, setInstance] = useState<IPublicClientApplication | null>(null);
  const [phase, setPhase] = useState<"idle" | "checking" | "clicked">("idle");
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      msalInstance(auth).then(setInstance, (err: unknown) => {
        setPhase("idle");
        setError(`Sign-in could not be prepared (${describeError(err)}). Reload the page to try again.`);
      }),
    [auth],
  );

  useEffect(() => {
    if (!msalNeededOnThisPage()) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- marks the start of an async load
    setPhase("checking");
    void load();
  }, [load]);

  if (instance) return <MsalSignIn instance={instance} mode={mode} label={label} returnTo={returnTo} startSignIn={phase === "clicked"} />;
  if (phase === "checking") {
    return (
      <p role="status" className="text-zinc-600">
        Checking your sign-in with Microsoft Entra ID…
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <Button
        disabled={!hydrated || phase === "clicked"}
        onPointerEnter={() => void msalInstance(auth).catch(() => undefined)}
        onClick={() => {
          setPhase("clicked");
          setError(null);
          void load();
        }}
      >
        {!hydrated ? "Preparing sign-in…" : phase === "clicked" ? "Opening Microsoft sign-in…" : label}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
