import type { Metadata } from "next";
import { config } from "@/lib/config";
import { pagePrincipal } from "@/lib/auth/server";
import { publicAuthConfig } from "@/lib/auth/msal-config";
import { PERMISSIONS, hasPermission } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Badge } from "@/components/ui/badge";
import { DefinitionList } from "@/components/ui/definition-list";
import { describeStore } from "@/components/shell/store-description";
import { DoctorPanel } from "@/components/settings/doctor-panel";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const cfg = config();
  const auth = publicAuthConfig(cfg);
  return (
    <>
      <PageHeader title="Settings" description="This console's configuration (non-secret values only) and your identity. Configuration comes from the server's environment." />
      <div className="grid gap-6 xl:grid-cols-2">
        <Panel title="Console configuration">
          <DefinitionList
            items={[
              ["Console URL", cfg.CONSOLE_URL],
              ["Entra ID tenant", cfg.AUTH_TENANT_ID],
              ["Sign-in authority", cfg.AUTH_AUTHORITY],
              ["Sign-in protocol (MSAL)", auth.protocolMode],
              ["SPA client id", cfg.AUTH_SPA_CLIENT_ID],
              ["API audience", cfg.AUTH_API_AUDIENCE],
              ["API scope", cfg.AUTH_API_SCOPE],
              ["Azure Resource Manager", cfg.ARM_ENDPOINT],
              ["Default subscription", cfg.AZURE_SUBSCRIPTION_ID ?? "not set (chosen in setup)"],
              ["Console's Azure identity", cfg.AZURE_CLIENT_ID ? `service principal / workload identity ${cfg.AZURE_CLIENT_ID}` : "managed identity or az login (DefaultAzureCredential)"],
              ["Console store", describeStore(cfg.DATABASE_URL, cfg.DATABASE_SSL)],
            ]}
          />
        </Panel>
        <Panel title="Your identity">
          <DefinitionList
            items={[
              ["Name", principal.name],
              ["Username", principal.username || "—"],
              ["Object id", principal.oid],
              ["Tenant", principal.tid],
              ["Roles", principal.roles.join(", ")],
              ["Session expires", `${principal.expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC`],
            ]}
          />
          <h3 className="mt-4 mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Permissions</h3>
          <ul className="flex flex-wrap gap-1.5" aria-label="Your permissions">
            {PERMISSIONS.filter((p) => hasPermission(principal.roles, p)).map((p) => (
              <li key={p}>
                <Badge>{p}</Badge>
              </li>
            ))}
          </ul>
        </Panel>
      </div>
      {hasPermission(principal.roles, "diagnostics.run") && (
        <div className="mt-6">
          <Panel title="Doctor: this configuration against the live endpoints">
            <DoctorPanel />
          </Panel>
        </div>
      )}
    </>
  );
}
