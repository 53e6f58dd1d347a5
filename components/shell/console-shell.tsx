import type { ReactNode } from "react";
import type { Principal } from "@/lib/auth/token";
import { SessionKeeper } from "@/components/auth/session-keeper";
import { SideNav } from "./side-nav";
import { TopBar } from "./top-bar";

export function ConsoleShell({ principal, children }: { principal: Principal; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-zinc-50">
      <TopBar principal={principal} />
      <div className="flex flex-1">
        <SideNav />
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
      <SessionKeeper expiresAt={principal.expiresAt.toISOString()} />
    </div>
  );
}
