import type { Metadata } from "next";
import { config } from "@/lib/config";
import { getSession } from "@/lib/auth/server";
import { publicAuthConfig } from "@/lib/auth/msal-config";
import { PERMISSIONS, hasPermission } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { Badge } from "@/components/ui/badge";
import { DefinitionList } from "@/components/ui/definition-list";
import { describeStore } from "@/components/shell/store-description";
import { ActiveSessions } from "@/components/auth/active-sessions";
import { MoveConsolePanel } from "@/components/console-move/move-console-panel";
import { consoleInstallSettings } from "@/lib/azure/console-move/install-settings";
import { consoleMovePreview } from "@/lib/azure/console-move/plan";
import { CONSOLE_ROLE_TABLE } from "@/lib/azure/console-move/role-table";
import { getPool } from "@/lib/store/db";
import { listEnvironments } from "@/lib/store/environments";
import { endSessionAction, endUserSessionsAction, moveConsole } from "./actions";
import { DoctorPanel } from "@/components/settings/doctor-panel";
import { formatUtc } from "@/lib/display-format";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const session = await getSession();
  if (session.status !== "signed-in" || !hasPermission(session.principal.roles, "console.read")) return null;
  const { principal } = session;
  const cfg = config();
  const auth = publicAuthConfig(cfg);
  // Only admins see the move panel; the action checks `console.move` again on its own.
  const canMove = hasPermission(principal.roles, "console.move");
  const install = consoleInstallSettings(cfg);
  const targets = canMove ? (await listEnvironments(getPool())).map((e) => ({ id: e.id, name: e.name, resourceGroup: e.resourceGroup, creates: consoleMovePreview(e.name, install) })) : [];
  const roles = CONSOLE_ROLE_TABLE.map((g) => ({ role: g.role, scope: g.scope === "subscription" ? "subscription" : "environment's resource group", why: g.why }));
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
              ["Session started", utc(session.session.createdAt)],
              ["Session ends", `${utc(session.session.absoluteExpiresAt)} at the latest; after inactivity at ${utc(session.session.idleExpiresAt)}`],
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
        {canMove ? (
          <Panel title="Move the console into an environment">
            <MoveConsolePanel targets={targets} roles={roles} action={moveConsole} />
          </Panel>
        ) : null}
      </div>
      {hasPermission(principal.roles, "session.manage") ? (
        <Panel title="Sessions" className="mt-6">
          <ActiveSessions currentSessionId={session.session.id} endOne={endSessionAction} endAll={endUserSessionsAction} />
        </Panel>
      ) : null}
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

const utc = (d: Date) => formatUtc(d);
