"use client";
/**
 * Renews the console session's principal shortly before the IdP token behind it expires, so
 * role changes reach the console while an admin keeps working (renewal never extends the
 * session's absolute lifetime, the server enforces that). When renewal is impossible (this tab
 * has no MSAL account — MSAL's cache is per tab — or the refresh token is gone) the session
 * simply lives on until its idle or absolute end; at the absolute end the page refreshes so the
 * "session expired" screen shows.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { currentAccount, establishSession } from "@/lib/auth/client-session";
import { msalInstance } from "@/lib/auth/msal-instance";
import { usePublicAuthConfig } from "@/components/providers/providers";

/** Renew this long before expiry (MSAL itself treats tokens within 5 minutes of expiry as stale). */
const RENEW_BEFORE_MS = 4 * 60_000;
/** setTimeout's limit (about 24.8 days); later ends are simply not scheduled. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function SessionKeeper({ expiresAt, sessionEndsAt }: { expiresAt: string; sessionEndsAt: string }) {
  const auth = usePublicAuthConfig();
  const router = useRouter();

  useEffect(() => {
    const timers: ReturnType<typeof setTimeout>[] = [];
    const at = (when: number, fn: () => void) => {
      const delay = Math.max(0, when - Date.now());
      if (delay < MAX_TIMER_MS) timers.push(setTimeout(fn, delay));
    };
    const end = new Date(sessionEndsAt).getTime();
    const renewAt = new Date(expiresAt).getTime() - RENEW_BEFORE_MS;
    if (renewAt < end) {
      // MSAL is loaded only now (lib/auth/msal-instance.ts): most page views never reach this.
      at(renewAt, () => {
        msalInstance(auth)
          .then((instance) => {
            const account = currentAccount(instance);
            return account ? establishSession(instance, auth, account, true).then(() => router.refresh()) : undefined;
          })
          .catch(() => undefined);
      });
    }
    at(end + 1000, () => router.refresh());
    return () => timers.forEach(clearTimeout);
  }, [expiresAt, sessionEndsAt, auth, router]);

  return null;
}
