import { Suspense, type ReactNode } from "react";
import type { Principal } from "@/lib/auth/token";
import { SessionKeeper } from "@/components/auth/session-keeper";
import type { EnvironmentChoice } from "./environment-picker";
import { SideNav } from "./side-nav";
import { TopBar } from "./top-bar";

export function ConsoleShell({ principal, sessionEndsAt, environments, children }: { principal: Principal; sessionEndsAt: Date; environments: EnvironmentChoice[]; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-zinc-50">
      <TopBar principal={principal} environments={environments} />
      <div className="flex flex-1">
        {/* The nav reads ?env= (search params): it renders on the client under its own boundary. */}
        <Suspense fallback={<div className="w-52 shrink-0 border-r border-zinc-200 bg-white" />}>
          <SideNav />
        </Suspense>
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
      <SessionKeeper expiresAt={principal.expiresAt.toISOString()} sessionEndsAt={sessionEndsAt.toISOString()} />
    </div>
  );
}
