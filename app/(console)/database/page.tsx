import type { Metadata } from "next";
import { pagePrincipal } from "@/lib/auth/server";
import { hasPermission } from "@/lib/auth/permissions";
import { selectEnvironment } from "@/lib/environments/target";
import { environmentDatabaseHealth } from "@/lib/openhands/db-health/environment";
import { getPool } from "@/lib/store/db";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { DatabaseHealthView } from "@/components/database/health-view";
import { databaseHref, parseDatabasePageState } from "@/components/database/links";
import { EnvironmentMissing } from "@/components/shell/environment-missing";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { AdminPasswordNote } from "@/components/database/admin-password-note";
import { postgresAdminSecret } from "@/lib/openhands/postgres-admin-secret";
import { cancelQueryAction, terminateBackendAction } from "./actions";

export const metadata: Metadata = { title: "Database" };
export const dynamic = "force-dynamic";

const REFRESH_SECONDS = 15;
const DESCRIPTION = "Health of the OpenHands PostgreSQL flexible server: connections, long-running and blocked queries, cache, wraparound, vacuum, sizes, HA and backups.";

export default async function DatabasePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const state = parseDatabasePageState(await searchParams);
  const target = await selectEnvironment(getPool(), state.env);
  if (!target) {
    return (
      <>
        <PageHeader title="Database" description={DESCRIPTION} />
        <EnvironmentMissing requested={state.env} newestHref="/database" roles={principal.roles} needs="Database health appears once an environment's PostgreSQL server exists." />
      </>
    );
  }
  const report = await environmentDatabaseHealth(target, { page: { longQueries: state.qpage, deadTuples: state.tpage } });
  const env = target.environment.name;
  return (
    <>
      <PageHeader
        title="Database"
        description={`${target.names.postgresServer} · environment ${env}. ${DESCRIPTION}`}
        actions={<AutoRefresh seconds={REFRESH_SECONDS} readAt={report.checkedAt} tookMs={report.tookMs} controls />}
      />
      <DatabaseHealthView
        report={report}
        actions={{
          env,
          canCancel: hasPermission(principal.roles, "database.cancelQuery"),
          canTerminate: hasPermission(principal.roles, "database.terminateBackend"),
          cancel: cancelQueryAction,
          terminate: terminateBackendAction,
        }}
        longQueriesHref={(qpage) => databaseHref(state, { qpage })}
        deadTuplesHref={(tpage) => databaseHref(state, { tpage })}
      />
      <Panel className="mt-6">
        <AdminPasswordNote secret={postgresAdminSecret(target)} />
      </Panel>
    </>
  );
}
