import { pagePrincipal } from "@/lib/auth/server";
import { PageHeader } from "@/components/ui/page-header";
import { NoEnvironment } from "./no-environment";

/** A console section that has nothing to show until an environment exists. */
export async function SectionPage({ title, description, needs }: { title: string; description: string; needs: string }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  return (
    <>
      <PageHeader title={title} description={description} />
      <NoEnvironment roles={principal.roles} needs={needs} />
    </>
  );
}
