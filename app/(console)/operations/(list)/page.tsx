import type { Metadata } from "next";
import Link from "next/link";
import { SectionPage } from "@/components/shell/section-page";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { pagePrincipal } from "@/lib/auth/server";
import { getPool } from "@/lib/store/db";
import { listEnvironments } from "@/lib/store/environments";
import { listOperations } from "@/lib/store/operations";
import { formatUtc } from "@/lib/display-format";

export const metadata: Metadata = { title: "Operations" };

const DESCRIPTION = "Long-running work (provisioning, deployments, upgrades, repairs) with each step's progress.";

export default async function OperationsPage() {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const db = getPool();
  const environments = await listEnvironments(db);
  if (environments.length === 0) {
    return <SectionPage title="Operations" description={DESCRIPTION} needs="Operations appear here when setup, an upgrade or a repair runs against an environment." />;
  }
  const lists = await Promise.all(environments.map(async (env) => ({ env, ops: await listOperations(db, env.id, { limit: 20 }) })));
  return (
    <>
      <PageHeader title="Operations" description={DESCRIPTION} />
      <div className="space-y-4">
        {lists.map(({ env, ops }) => (
          <Panel key={env.id} title={`Environment ${env.name}`}>
            {ops.length === 0 ? (
              <p className="text-sm text-zinc-600">No operations yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {ops.map((op) => (
                  <li key={op.id} className="flex items-center gap-2">
                    <Badge>{op.status}</Badge>
                    <Link className="text-blue-700 underline" href={`/operations/${op.id}`}>
                      {op.kind} — {formatUtc(op.createdAt, "second")}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        ))}
      </div>
    </>
  );
}
