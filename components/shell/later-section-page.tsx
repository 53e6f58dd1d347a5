import type { ReactNode } from "react";
import { pagePrincipal } from "@/lib/auth/server";
import { listEnvironmentChoices } from "@/lib/environments/target";
import { getPool } from "@/lib/store/db";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { NoEnvironment } from "./no-environment";

/**
 * A section this version of the console does not have yet (Upgrades, Diagnostics). Before setup it
 * shows the first-run empty state like every section; once an environment exists it says plainly
 * that the section is not available yet and where to look meanwhile ("no environment" would be false).
 */
export async function LaterSectionPage({ title, description, needs, meanwhile }: { title: string; description: string; needs: string; meanwhile: ReactNode }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const environments = await listEnvironmentChoices(getPool());
  return (
    <>
      <PageHeader title={title} description={description} />
      {environments.length === 0 ? (
        <NoEnvironment roles={principal.roles} needs={needs} />
      ) : (
        <EmptyState title={`${title} is not available in this version of the console yet`}>{meanwhile}</EmptyState>
      )}
    </>
  );
}
