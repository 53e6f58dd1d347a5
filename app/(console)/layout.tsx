import type { ReactNode } from "react";
import { getSession } from "@/lib/auth/server";
import { AccessDeniedScreen } from "@/components/auth/access-denied-screen";
import { SessionExpiredScreen } from "@/components/auth/session-expired-screen";
import { SignInScreen } from "@/components/auth/sign-in-screen";
import { ConsoleShell } from "@/components/shell/console-shell";

/** Every console page sits behind this: signed-out, expired, no-role and signed-in each get their own screen. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  switch (session.status) {
    case "signed-out":
      return <SignInScreen />;
    case "invalid":
      return <SignInScreen reason={session.reason} />;
    case "expired":
      return <SessionExpiredScreen />;
    case "signed-in":
      if (session.principal.roles.length === 0) {
        return <AccessDeniedScreen name={session.principal.name} username={session.principal.username} />;
      }
      return <ConsoleShell principal={session.principal}>{children}</ConsoleShell>;
  }
}
