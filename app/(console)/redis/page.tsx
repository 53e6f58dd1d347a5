import type { Metadata } from "next";
import { Suspense } from "react";
import { pagePrincipal } from "@/lib/auth/server";
import { selectEnvironment } from "@/lib/environments/target";
import { getPool } from "@/lib/store/db";
import { EnvironmentMissing } from "@/components/shell/environment-missing";
import { PageHeader } from "@/components/ui/page-header";
import { RedisHealthSection, RedisHealthSkeleton } from "./redis-health-section";

export const metadata: Metadata = { title: "Redis" };

const DESCRIPTION = "Health of the Azure Cache for Redis OpenHands uses: memory, evictions, hit ratio, clients, slow log and keys by prefix.";

/** Read-only: every role that may see the console may see this page; nothing here changes the cache. */
export default async function RedisPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const { env } = await searchParams;
  const requested = typeof env === "string" ? env : null;
  const target = await selectEnvironment(getPool(), requested);
  if (!target) {
    return (
      <>
        <PageHeader title="Redis" description={DESCRIPTION} />
        <EnvironmentMissing requested={requested} newestHref="/redis" roles={principal.roles} needs="Redis health appears once an environment's cache exists." />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Redis" description={`${DESCRIPTION} Environment ${target.environment.name}, cache ${target.names.redisCache}.`} />
      <Suspense key={target.environment.id} fallback={<RedisHealthSkeleton />}>
        <RedisHealthSection target={target} />
      </Suspense>
    </>
  );
}
