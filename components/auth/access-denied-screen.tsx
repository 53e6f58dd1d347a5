import { CONSOLE_ROLES, ROLE_DESCRIPTIONS } from "@/lib/auth/permissions";
import { CenteredCard } from "@/components/ui/centered-card";
import { SignOutButton } from "./sign-out-button";

export function AccessDeniedScreen({ name, username }: { name: string; username: string }) {
  return (
    <CenteredCard title="Access denied">
      <p>
        You are signed in as <strong>{name}</strong>
        {username ? ` (${username})` : ""}, but your account has no role in this console.
      </p>
      <p>Ask an administrator of your Entra ID tenant to assign you one of the console&apos;s app roles:</p>
      <dl className="space-y-2 rounded-md border border-zinc-200 bg-zinc-50 p-3">
        {CONSOLE_ROLES.map((role) => (
          <div key={role}>
            <dt className="font-mono text-xs font-semibold text-zinc-900">{role}</dt>
            <dd className="text-zinc-600">{ROLE_DESCRIPTIONS[role]}</dd>
          </div>
        ))}
      </dl>
      <p>After the role is assigned, sign out and sign in again.</p>
      <SignOutButton />
    </CenteredCard>
  );
}
