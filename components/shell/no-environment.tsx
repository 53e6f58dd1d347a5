import Link from "next/link";
import { hasPermission, type ConsoleRole } from "@/lib/auth/permissions";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** The honest empty state of every section that needs an environment, until one exists. */
export function NoEnvironment({ roles, needs }: { roles: readonly ConsoleRole[]; needs: string }) {
  const canRunSetup = hasPermission(roles, "setup.run");
  return (
    <EmptyState
      title="No environment yet — start setup"
      action={
        canRunSetup ? (
          <Link href="/setup" className={buttonClass("primary")}>
            Start setup
          </Link>
        ) : undefined
      }
    >
      <p>{needs}</p>
      {canRunSetup ? null : <p className="mt-2">Setup creates the Azure resources and deploys OpenHands; an administrator (Console.Admin) must run it.</p>}
    </EmptyState>
  );
}
