"use client";
import { InteractionStatus } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { useEffect, useRef, useState } from "react";
import { describeSignInFailure, signIn } from "@/lib/auth/client-session";
import { Button } from "@/components/ui/button";
import { usePublicAuthConfig } from "@/components/providers/providers";

/**
 * Starts the MSAL redirect sign-in (inside MsalProvider: components/auth/msal-sign-in.tsx).
 * `autoStart`: the admin already clicked the light placeholder button while MSAL was loading
 * (components/auth/sign-in-panel.tsx), so that click starts the redirect once MSAL is idle —
 * never on its own: no redirect loops.
 */
export function SignInButton({ label = "Sign in with Microsoft Entra ID", returnTo, autoStart = false, onAutoStart }: { label?: string; returnTo?: string; autoStart?: boolean; onAutoStart?: () => void }) {
  const { instance, inProgress } = useMsal();
  const auth = usePublicAuthConfig();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const start = () => {
    started.current = true;
    setBusy(true);
    setError(null);
    signIn(instance, auth, returnTo).catch((err: unknown) => {
      setBusy(false);
      setError(describeSignInFailure(err, auth.authority));
    });
  };

  useEffect(() => {
    if (!autoStart || started.current || inProgress !== InteractionStatus.None) return;
    // The parent forgets the click at once: this button is unmounted while MSAL is busy, and a
    // remount after a failed redirect must show the failure, not try again by itself.
    onAutoStart?.();
    start();
  });

  return (
    <div className="space-y-3">
      <Button disabled={busy} onClick={start}>
        {busy ? "Opening Microsoft sign-in…" : label}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
