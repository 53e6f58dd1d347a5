import type { Metadata } from "next";
import { Suspense } from "react";
import { pagePrincipal } from "@/lib/auth/server";
import { hasPermission } from "@/lib/auth/permissions";
import { selectEnvironment } from "@/lib/environments/target";
import { getPool } from "@/lib/store/db";
import { EnvironmentMissing } from "@/components/shell/environment-missing";
import { PageHeader } from "@/components/ui/page-header";
import { InventorySection, SectionSkeleton } from "./inventory-section";
import { UsageSection } from "./usage-section";

export const metadata: Metadata = { title: "Sandboxes" };

const DESCRIPTION = "Agent runtimes (sandboxes) on the cluster: live state per node pool and user, stuck and orphaned ones with why, and usage and cost from OpenHands' conversations.";

type SearchParams = Record<string, string | string[] | undefined>;

/** Two sections stream in on their own: the live inventory (Kubernetes) and usage (PostgreSQL). */
export default async function SandboxesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const params = await searchParams;
  const env = typeof params.env === "string" ? params.env : null;
  const target = await selectEnvironment(getPool(), env);
  if (!target) {
    return (
      <>
        <PageHeader title="Sandboxes" description={DESCRIPTION} />
        <EnvironmentMissing requested={env} newestHref="/sandboxes" roles={principal.roles} needs="Sandboxes appear once OpenHands runs on an environment's cluster." />
      </>
    );
  }
  const canStop = hasPermission(principal.roles, "sandbox.stop");
  return (
    <>
      <PageHeader title="Sandboxes" description={`${DESCRIPTION} Environment ${target.environment.name}, namespace ${target.openhands.sandboxNamespace}.`} />
      <div className="space-y-6">
        <Suspense key={`inv-${target.environment.id}`} fallback={<SectionSkeleton what="Listing sandbox pods, nodes and scheduling events from the cluster…" />}>
          <InventorySection target={target} params={params} canStop={canStop} />
        </Suspense>
        <Suspense key={`usage-${target.environment.id}`} fallback={<SectionSkeleton what="Aggregating usage and cost in the OpenHands database…" />}>
          <UsageSection target={target} params={params} />
        </Suspense>
      </div>
    </>
  );
}
