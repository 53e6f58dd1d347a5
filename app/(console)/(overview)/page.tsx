import type { Metadata } from "next";
import { pagePrincipal } from "@/lib/auth/server";
import { selectEnvironment } from "@/lib/environments/target";
import { environmentArm } from "@/lib/environments/data-plane";
import { resourceGroupPresence } from "@/lib/environments/resource-group-presence";
import { getPool } from "@/lib/store/db";
import { OverviewTiles } from "@/components/overview/overview-tiles";
import { EnvironmentMissing } from "@/components/shell/environment-missing";
import { ResourceGroupMissing } from "@/components/shell/resource-group-missing";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Overview" };

const DESCRIPTION = "Health, versions and cost of your OpenHands environments on Azure.";
const ENV_NAME = /^[a-z][a-z0-9-]{1,19}$/;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const raw = (await searchParams).env;
  const env = typeof raw === "string" && ENV_NAME.test(raw) ? raw : undefined;
  const target = await selectEnvironment(getPool(), env);
  if (!target) {
    return (
      <>
        <PageHeader title="Overview" description={DESCRIPTION} />
        <EnvironmentMissing requested={env} newestHref="/" roles={principal.roles} needs="The overview summarises an environment's health, versions and cost once one has been set up." />
      </>
    );
  }
  // One look at the group before nine tiles each fail on their own with a bare "reading failed".
  const presence = await resourceGroupPresence(environmentArm(target), target.subscriptionId, target.resourceGroup, { fresh: true });
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Environment ${target.environment.name} (${presence.state === "missing" ? "its resource group is gone from Azure" : target.environment.status}) in ${target.resourceGroup}, ${target.region}. Each tile reads its own source and links to the page that explains it.`}
      />
      {presence.state === "missing" ? (
        <ResourceGroupMissing environment={target.environment.name} resourceGroup={target.resourceGroup} subscriptionId={target.subscriptionId} roles={principal.roles} />
      ) : (
        <OverviewTiles target={target} />
      )}
    </>
  );
}
