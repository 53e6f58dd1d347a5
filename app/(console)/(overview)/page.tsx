import type { Metadata } from "next";
import { pagePrincipal } from "@/lib/auth/server";
import { selectEnvironment } from "@/lib/environments/target";
import { getPool } from "@/lib/store/db";
import { OverviewTiles } from "@/components/overview/overview-tiles";
import { EnvironmentMissing } from "@/components/shell/environment-missing";
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
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Environment ${target.environment.name} (${target.environment.status}) in ${target.resourceGroup}, ${target.region}. Each tile reads its own source and links to the page that explains it.`}
      />
      <OverviewTiles target={target} />
    </>
  );
}
