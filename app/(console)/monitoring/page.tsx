import type { Metadata } from "next";
import { Suspense } from "react";
import { pagePrincipal } from "@/lib/auth/server";
import { selectEnvironment } from "@/lib/environments/target";
import { monitoringHref, parseSelection, selectionWindow, type MonitoredResource } from "@/lib/azure/monitor/selection";
import { monitoringViewFor } from "@/lib/azure/monitor/view";
import { getPool } from "@/lib/store/db";
import { CallCount } from "@/components/monitoring/call-count";
import { MonitoringControls } from "@/components/monitoring/monitoring-controls";
import { ResourceCharts, ResourceChartsSkeleton } from "@/components/monitoring/resource-charts";
import { EnvironmentMissing } from "@/components/shell/environment-missing";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Monitoring" };

const DESCRIPTION = "Azure Monitor metrics and alerts for the cluster, database, cache and storage.";

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const { selection, form, problems } = parseSelection(await searchParams);
  const target = await selectEnvironment(getPool(), selection.env);
  if (!target) {
    return (
      <>
        <PageHeader title="Monitoring" description={DESCRIPTION} />
        <EnvironmentMissing requested={selection.env} newestHref={monitoringHref(selection, { env: undefined })} roles={principal.roles} needs="Metrics and alerts appear once an environment exists." />
      </>
    );
  }
  const view = monitoringViewFor(target, selection);
  const names: Record<MonitoredResource, string> = { aks: target.names.aksCluster, postgres: target.names.postgresServer, redis: target.names.redisCache, storage: target.names.storageAccount };
  return (
    <>
      <PageHeader title="Monitoring" description={`${DESCRIPTION} Environment ${target.environment.name} (${target.resourceGroup}, ${target.region}).`} />
      {problems.length > 0 ? (
        <div className="mb-4">
          <Notice tone="error" title="Some of the view's settings in the address were not used">
            <ul className="list-disc pl-5">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <MonitoringControls selection={selection} window={selectionWindow(selection)} form={form} />
      <div className="space-y-6">
        {view.groups.map((g) => (
          <Suspense key={g.resource} fallback={<ResourceChartsSkeleton resource={g.resource} />}>
            <ResourceCharts resource={g.resource} name={names[g.resource]} result={g.result} />
          </Suspense>
        ))}
      </div>
      <Suspense fallback={null}>
        <CallCount view={view} />
      </Suspense>
    </>
  );
}
