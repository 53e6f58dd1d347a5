/** Where the PostgreSQL administrator password is, and how to read it (Done summary and Database page). */
import type { PostgresAdminSecret } from "@/lib/openhands/postgres-admin-secret";

export function AdminPasswordNote({ secret }: { secret: PostgresAdminSecret }) {
  return (
    <div aria-label="PostgreSQL admin password" className="text-sm">
      <h3 className="font-semibold">PostgreSQL admin password</h3>
      <p className="mt-1 text-zinc-700">
        Setup generated the password of <span className="font-mono">{secret.login}</span> on <span className="font-mono">{secret.server}</span> and keeps it only in the Kubernetes
        Secret <span className="font-mono">{secret.namespace}/{secret.secretName}</span> (key <span className="font-mono">{secret.key}</span>) — never in the console. With
        your own access to the cluster:
      </p>
      <pre className="mt-1 overflow-x-auto rounded-md bg-zinc-900 p-2 text-xs whitespace-pre-wrap text-zinc-100 [overflow-wrap:anywhere]">{secret.commands.join("\n")}</pre>
    </div>
  );
}
