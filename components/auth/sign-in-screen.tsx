"use client";
/**
 * Shown when the server has no valid session. After the Entra redirect returns, MSAL holds an
 * account: this screen exchanges it once for the server session, then refreshes the page.
 * Each mount tries at most once, so a refused token shows its reason instead of looping.
 */
import { InteractionStatus } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { currentAccount, describeError, establishSession } from "@/lib/auth/client-session";
import { CenteredCard } from "@/components/ui/centered-card";
import { Notice } from "@/components/ui/notice";
import { usePublicAuthConfig } from "@/components/providers/providers";
import { SignInButton } from "./sign-in-button";

export function SignInScreen({ reason }: { reason?: string }) {
  const { instance, inProgress } = useMsal();
  const auth = usePublicAuthConfig();
  const router = useRouter();
  const attempted = useRef(false);
  const [state, setState] = useState<{ phase: "idle" | "establishing" } | { phase: "failed"; message: string }>({ phase: "idle" });

  useEffect(() => {
    if (inProgress !== InteractionStatus.None || attempted.current) return;
    const account = currentAccount(instance);
    if (!account) return;
    attempted.current = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reflects the start of an async exchange
    setState({ phase: "establishing" });
    establishSession(instance, auth, account)
      .then(() => router.refresh())
      .catch((err: unknown) => setState({ phase: "failed", message: describeError(err) }));
  }, [inProgress, instance, auth, router]);

  const busy = inProgress !== InteractionStatus.None || state.phase === "establishing";
  return (
    <CenteredCard title="Sign in">
      <p>Sign in with your organisation&apos;s Microsoft Entra ID account. Your console role (Admin, Operator or Reader) decides what you can do.</p>
      {reason ? <Notice tone="warning" title="Your previous sign-in was not accepted">{reason}</Notice> : null}
      {state.phase === "failed" ? <Notice tone="error" title="Sign-in did not complete">{state.message}</Notice> : null}
      {busy ? (
        <p role="status" className="text-zinc-600">
          {state.phase === "establishing" ? "Signing you in to the console…" : "Checking your sign-in with Microsoft Entra ID…"}
        </p>
      ) : (
        <SignInButton />
      )}
    </CenteredCard>
  );
}
