/**
 * `console.install`: the console's objects (manifests.ts — the Kustomize azure overlay's objects)
 * applied to the environment's cluster with setup's idempotent server-side apply ("unchanged"
 * when the cluster already holds them). Environment values are read when the step runs:
 *   - the managed identity's clientId / tenantId from ARM (ServiceAccount annotations, ConfigMap
 *     AZURE_CLIENT_ID / AZURE_TENANT_ID for workload identity);
 *   - the flexible server's host and admin login from ARM, its admin password from the step's
 *     secret source (the generated `postgresAdminPassword` setup created the server with), making
 *     DATABASE_URL for database `console` (TLS: DATABASE_SSL=true in the ConfigMap);
 *   - SECRETS_KEY: the moving console's own key (`consoleSecretsKey`), so the moved console
 *     derives the same generated passwords and opens the same sealed secrets.
 * Secret values never leave this file: not in the step output, logs, errors or the audit log.
 */
import type { V1Secret } from "@kubernetes/client-node";
import { applyObject, readObject, stepOutcome, type Manifest } from "@/lib/azure/provisioning/steps/kubernetes/apply";
import { DeployError, scrub } from "@/lib/azure/provisioning/steps/kubernetes/errors";
import type { ResourceOutcome, StepOutcome } from "@/lib/azure/provisioning/steps/types";
import { consoleObjects, consoleSecret, CONSOLE_SECRET } from "../manifests";
import { CONSOLE_DATABASE, CONSOLE_NAMESPACE } from "../plan";
import type { ConsoleDeployContext } from "./context";

/** The secret source's name for the moving console's SECRETS_KEY (process-worker.ts answers it). */
export const CONSOLE_SECRETS_KEY_SECRET = "consoleSecretsKey";

/** The store URL of the moved console (user and password URL-encoded: a generated password may hold any character). */
export function consoleDatabaseUrl(login: string, password: string, host: string): string {
  return `postgres://${encodeURIComponent(login)}:${encodeURIComponent(password)}@${host}:5432/${CONSOLE_DATABASE}`;
}

async function identityOf(d: ConsoleDeployContext): Promise<{ clientId: string; tenantId: string }> {
  const id = await d.step.clients.msi.userAssignedIdentities.get(d.resourceGroup, d.console.identity);
  if (!id.clientId || !id.tenantId) throw new DeployError("ConsoleIdentityNotReady", `The managed identity ${d.console.identity} has no client id or tenant yet`);
  return { clientId: id.clientId, tenantId: id.tenantId };
}

async function storeSecret(d: ConsoleDeployContext): Promise<{ manifest: Manifest; known: string[] }> {
  const server = await d.step.clients.postgres.servers.get(d.resourceGroup, d.console.postgresServer);
  if (!server.fullyQualifiedDomainName || !server.administratorLogin) {
    throw new DeployError("PostgresNotReady", `PostgreSQL server ${d.console.postgresServer} has no host name or admin login yet (state: ${server.state ?? "unknown"})`);
  }
  const password = await d.step.secret("postgresAdminPassword");
  const databaseUrl = consoleDatabaseUrl(server.administratorLogin, password, server.fullyQualifiedDomainName);
  let secretsKey: string | undefined;
  try {
    secretsKey = await d.step.secret(CONSOLE_SECRETS_KEY_SECRET);
  } catch {
    // Not available to this worker: keep the key the cluster already holds (an earlier move's).
    const current = await readObject<V1Secret>(d, { apiVersion: "v1", kind: "Secret", metadata: { name: CONSOLE_SECRET, namespace: CONSOLE_NAMESPACE } }, [password, databaseUrl]);
    const kept = current?.data?.SECRETS_KEY;
    if (kept === undefined) throw new DeployError("SetupSecretMissing", `The console's SECRETS_KEY for Kubernetes secret ${CONSOLE_NAMESPACE}/${CONSOLE_SECRET} is not available to this operation`);
    secretsKey = Buffer.from(kept, "base64").toString("utf8");
    d.step.log(`secret ${CONSOLE_NAMESPACE}/${CONSOLE_SECRET}: kept the cluster's SECRETS_KEY`);
  }
  const known = [password, encodeURIComponent(password), databaseUrl, secretsKey];
  return { manifest: consoleSecret({ DATABASE_URL: databaseUrl, SECRETS_KEY: secretsKey }), known };
}

const resourceKey = (m: Manifest) => `console-${m.kind.toLowerCase()}`;

export async function installConsole(d: ConsoleDeployContext, title: string): Promise<StepOutcome> {
  const c = d.console;
  const { clientId, tenantId } = await identityOf(d);
  const objects = consoleObjects({ image: c.image, replicas: c.replicas, host: c.host, clientId, tenantId, config: { ...c.config, AZURE_CLIENT_ID: clientId, AZURE_TENANT_ID: tenantId } });
  const secret = await storeSecret(d);
  // The Secret before the Deployment that reads it (pods would wait for it otherwise).
  const deploymentAt = objects.findIndex((m) => m.kind === "Deployment");
  const ordered = [...objects.slice(0, deploymentAt), secret.manifest, ...objects.slice(deploymentAt)];
  const outcomes: ResourceOutcome[] = [];
  try {
    for (const m of ordered) {
      const outcome = await applyObject(d, resourceKey(m), m, { secretValues: secret.known });
      d.step.log(`${outcome.key}: ${outcome.change}`);
      outcomes.push(m.kind === "ServiceAccount" ? { ...outcome, facts: { clientId } } : outcome);
    }
  } catch (err) {
    if (err instanceof DeployError) throw new DeployError(err.code, scrub(err.message, secret.known), err.statusCode);
    throw err;
  }
  return stepOutcome(title, outcomes);
}
