import type { ReactNode } from "react";

/** Full-page card for the screens shown instead of the console (sign-in, expired, denied, signed out). */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4">
      <div className="w-full max-w-lg rounded-lg border border-zinc-200 bg-white p-8 shadow-sm">
        <p className="text-xs font-semibold tracking-wide text-blue-700 uppercase">OpenHands Azure Console</p>
        <h1 className="mt-2 text-xl font-semibold text-zinc-900">{title}</h1>
        <div className="mt-4 space-y-4 text-sm text-zinc-700">{children}</div>
      </div>
    </main>
  );
}
