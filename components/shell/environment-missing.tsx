import type { ConsoleRole } from "@/lib/auth/permissions";
import { NoEnvironment } from "./no-environment";
import { UnknownEnvironment } from "./unknown-environment";

/**
 * What a day-two page shows when it has no environment to show: `?env=` named one that does not
 * exist (say so, offer the newest), or none exists yet (start setup).
 */
export function EnvironmentMissing({ requested, roles, needs, newestHref }: { requested?: string | null; roles: readonly ConsoleRole[]; needs: string; newestHref: string }) {
  return requested ? <UnknownEnvironment name={requested} href={newestHref} /> : <NoEnvironment roles={roles} needs={needs} />;
}
