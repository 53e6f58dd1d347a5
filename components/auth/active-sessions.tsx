/**
 * Settings → Sessions (Admin): every console session not ended and not past its idle or
 * absolute expiry, with End session / End all for this user. Server component: reads the store.
 */
import { config } from "@/lib/config";
import { consoleRoles, primaryRole } from "@/lib/auth/permissions";
import { lifetimesFromConfig } from "@/lib/auth/session-policy";
import { listActiveConsoleSessions } from "@/lib/store/console-sessions";
import { getPool } from "@/lib/store/db";
import { Table, td } from "@/components/ui/table";
import { describeClient } from "./describe-client";
import { EndSessionButton, type EndAction } from "./end-session-button";
import { formatUtc } from "@/lib/display-format";

const utc = (d: Date) => formatUtc(d);

export async function ActiveSessions({ currentSessionId, endOne, endAll }: { currentSessionId: string; endOne: EndAction; endAll: EndAction }) {
  const lifetimes = lifetimesFromConfig(config());
  const now = new Date();
  const sessions = await listActiveConsoleSessions(getPool(), now, lifetimes.idleMs);
  return (
    <>
      <p className="mb-3 text-sm text-zinc-600">
        A session ends after {lifetimes.idleMs / 60_000} minutes without a request and at most {lifetimes.absoluteMs / 3_600_000} hours after sign-in. Ending one signs that browser out at its next request, on every replica.
      </p>
      <Table label="Active sessions" head={["User", "Role", "Started", "Last seen", "Idle expiry", "Client", ""]}>
        {sessions.map((s) => {
          const idleExpiry = new Date(Math.min(s.lastSeenAt.getTime() + lifetimes.idleMs, s.absoluteExpiresAt.getTime()));
          const target = { user: s.oid, name: s.name, username: s.username, started: utc(s.createdAt), yours: s.id === currentSessionId };
          return (
            <tr key={s.id}>
              <td className={td}>
                <div className="font-medium text-zinc-900">{s.name}</div>
                <div className="text-xs text-zinc-500">{s.username || s.oid}</div>
                {target.yours ? <div className="text-xs text-blue-700">this browser</div> : null}
              </td>
              <td className={td}>{primaryRole(consoleRoles(s.roles)) ?? "no role"}</td>
              <td className={td}>{utc(s.createdAt)}</td>
              <td className={td}>{utc(s.lastSeenAt)}</td>
              <td className={td}>{utc(idleExpiry)}</td>
              <td className={td}>{describeClient(s.userAgent, s.ipAddress)}</td>
              <td className={`${td} space-x-1 whitespace-nowrap`}>
                <EndSessionButton target={{ ...target, sessionId: s.id }} action={endOne} />
                <EndSessionButton target={target} action={endAll} />
              </td>
            </tr>
          );
        })}
      </Table>
    </>
  );
}
