import type { ReactNode } from "react";
import { unstable_rethrow } from "next/navigation";
import { getSession } from "@/lib/auth/server";
import { logServerError, newRequestId } from "@/lib/auth/action";
import type { Session } from "@/lib/auth/session";
import { AccessDeniedScreen } from "@/components/auth/access-denied-screen";
import { SessionExpiredScreen } from "@/components/auth/session-expired-screen";
import { SignInScreen } from "@/components/auth/sign-in-screen";
import { ConsoleShell } from "@/components/shell/console-shell";
import { CenteredCard } from "@/components/ui/centered-card";
import type { EnvironmentChoice } from "@/components/shell/environment-picker";
import { listEnvironmentChoices } from "@/lib/environments/target";
import { environmentArm } from "@/lib/environments/data-plane";
import { resourceGroupPresence } from "@/lib/environments/resource-group-presence";
import { getPool } from "@/lib/store/db";

/** Every console page sits behind this: signed-out, expired, no-role and signed-in each get their own screen. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  let session: Session;
  try {
    session = await getSession();
  } catch (err) {
    // Next's own control flow (dynamic rendering during the build, redirects) is not a failure.
    unstable_rethrow(err);
    // The session store could not answer: say so instead of a generic crash.
    const requestId = newRequestId();
    logServerError(requestId, "session check failed", err);
    return (
      <CenteredCard title="Sign-in cannot be checked right now">
        <p>The console could not read your session from its store. Try again in a minute; if it persists, give your administrator the reference <code className="font-mono">{requestId}</code>.</p>
      </CenteredCard>
    );
  }
  switch (session.status) {
    case "signed-out":
      return <SignInScreen />;
    case "invalid":
      return <SignInScreen reason={session.reason} />;
    case "expired":
      return <SessionExpiredScreen reason={session.reason} />;
    case "signed-in":
      if (session.principal.roles.length === 0) {
        return <AccessDeniedScreen name={session.principal.name} username={session.principal.username} />;
      }
      return <ConsoleShell principal={session.principal} sessionEndsAt={session.session.absoluteExpiresAt} environments={await environmentChoices()}>{children}</ConsoleShell>;
  }
}

/** Statuses whose resource group should exist in Azure (not while setup is still creating it). */
const EXPECTS_GROUP = new Set(["ready", "degraded", "upgrading"]);

/**
 * The picker's list; a store that cannot answer leaves the picker out, the page itself says why.
 * A layout is not re-rendered on client-side navigation: the list is as of the last full load or
 * router.refresh() (the operation page refreshes when setup ends, so a new environment appears then).
 */
async function environmentChoices(): Promise<EnvironmentChoice[]> {
  try {
    const choices = await listEnvironmentChoices(getPool());
    // A group deleted outside the console must not sit in the picker as "ready" (remembered a
    // minute per group; an ARM fault leaves the stored status as it is).
    return await Promise.all(
      choices.map(async ({ name, status, subscriptionId, resourceGroup }) => {
        if (!EXPECTS_GROUP.has(status)) return { name, status };
        const presence = await resourceGroupPresence(environmentArm({ subscriptionId }), subscriptionId, resourceGroup);
        return { name, status: presence.state === "missing" ? "resource group missing" : status };
      }),
    );
  } catch (err) {
    unstable_rethrow(err);
    logServerError(newRequestId(), "listing environments for the picker failed", err);
    return [];
  }
}
