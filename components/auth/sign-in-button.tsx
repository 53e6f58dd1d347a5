"use client";
import { useMsal } from "@azure/msal-react";
import { useState } from "react";
import { describeSignInFailure, signIn } from "@/lib/auth/client-session";
import { Button } from "@/components/ui/button";
import { usePublicAuthConfig } from "@/components/providers/providers";

/** Starts the MSAL redirect sign-in. Never clicked automatically: no redirect loops. */
export function SignInButton({ label = "Sign in with Microsoft Entra ID", returnTo }: { label?: string; returnTo?: string }) {
  const { instance } = useMsal();
  const auth = usePublicAuthConfig();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      <Button
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          signIn(instance, auth, returnTo).catch((err: unknown) => {
            setBusy(false);
            setError(describeSignInFailure(err, auth.authority));
          });
        }}
      >
        {label}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
