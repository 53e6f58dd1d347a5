import Link from "next/link";
import { Suspense } from "react";
import type { Principal } from "@/lib/auth/token";
import { primaryRole, type ConsoleRole } from "@/lib/auth/permissions";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { EnvironmentPicker, type EnvironmentChoice } from "./environment-picker";

const ROLE_TONE: Record<ConsoleRole, BadgeTone> = { "Console.Admin": "accent", "Console.Operator": "warning", "Console.Reader": "neutral" };

export function TopBar({ principal, environments }: { principal: Pick<Principal, "name" | "username" | "roles">; environments: EnvironmentChoice[] }) {
  const role = primaryRole(principal.roles);
  return (
    <header className="flex h-14 items-center justify-between border-b border-zinc-200 bg-white px-4">
      <Link href="/" className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
        <span aria-hidden className="inline-block h-6 w-6 rounded bg-blue-700" />
        OpenHands Azure Console
      </Link>
      <Suspense fallback={null}>
        <EnvironmentPicker environments={environments} />
      </Suspense>
      <div className="flex items-center gap-3" aria-label="Signed-in user">
        <div className="text-right leading-tight">
          <p className="text-sm font-medium text-zinc-900">{principal.name}</p>
          {principal.username ? <p className="text-xs text-zinc-500">{principal.username}</p> : null}
        </div>
        {role ? (
          <span aria-label={`Role: ${role}`}>
            <Badge tone={ROLE_TONE[role]}>{role}</Badge>
          </span>
        ) : null}
        <SignOutButton variant="ghost" />
      </div>
    </header>
  );
}
