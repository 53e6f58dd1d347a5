/**
 * What a page shows instead of its tiles when the environment's resource group is gone from
 * Azure (deleted outside the console): every read inside it would fail with a bare "reading
 * failed", so the page says once what happened and what the admin can do.
 */
import Link from "next/link";
import { hasPermission, type ConsoleRole } from "@/lib/auth/permissions";
import { Notice } from "@/components/ui/notice";

export function ResourceGroupMissing({ environment, resourceGroup, subscriptionId, roles }: { environment: string; resourceGroup: string; subscriptionId: string; roles: readonly ConsoleRole[] }) {
  const canRerun = hasPermission(roles, "setup.run");
  return (
    <section aria-label="Resource group missing" data-testid="resource-group-missing">
      <Notice tone="error" title={`Resource group ${resourceGroup} no longer exists in Azure — deleted outside the console?`}>
        <p>
          The console still records environment <strong>{environment}</strong>, but Azure answers that resource group <code className="font-mono">{resourceGroup}</code> does not exist in subscription{" "}
          <code className="font-mono">{subscriptionId}</code> (ResourceGroupNotFound). Everything it held went with it: the AKS cluster, the PostgreSQL server and its data, the Redis cache and the storage account.
        </p>
        <p className="mt-2 font-semibold">What to do</p>
        <ul className="mt-1 list-disc pl-5">
          <li>Check the subscription&apos;s Activity log in the Azure portal to see who deleted it and when.</li>
          <li>
            {canRerun ? (
              <>
                To build the environment again, <Link href="/setup" className="underline">run setup again</Link> from Setup: it creates the group and every resource anew with the saved answers. The database starts empty unless you restore a backup.
              </>
            ) : (
              "To build the environment again, an Admin runs setup again from Setup: it creates the group and every resource anew. The database starts empty unless a backup is restored."
            )}
          </li>
        </ul>
      </Notice>
    </section>
  );
}
