"use client";
/**
 * Renews the console session shortly before the access token expires, so an admin who keeps
 * working is not signed out hourly. If renewal is impossible (no MSAL account in this browser,
 * refresh token gone), it refreshes the page at expiry so the "session expired" screen shows.
 */
import { useMsal } from "@azure/msal-react";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { currentAccount, establishSession } from "@/lib/auth/client-session";
import { usePublicAuthConfig } from "@/components/providers/providers";

/** Renew this long before expiry (MSAL itself treats tokens within 5 minutes of expiry as stale). */
const RENEW_BEFORE_MS = 4 * 60_000;

export function SessionKeeper({ expiresAt }: { expiresAt: string }) {
  const { instance } = useMsal();
  const auth = usePublicAuthConfig();
  const router = useRouter();

  useEffect(() => {
    const expiry = new Date(expiresAt).getTime();
    const timers: ReturnType<typeof setTimeout>[] = [];
    const atExpiry = () => timers.push(setTimeout(() => router.refresh(), Math.max(0, expiry - Date.now()) + 1000));
    timers.push(
      setTimeout(() => {
        const account = currentAccount(instance);
        if (!account) return atExpiry();
        establishSession(instance, auth, account, true).then(() => router.refresh(), atExpiry);
      }, Math.max(0, expiry - RENEW_BEFORE_MS - Date.now())),
    );
    return () => timers.forEach(clearTimeout);
  }, [expiresAt, instance, auth, router]);

  return null;
}
