/**
 * Creates (or updates) the console's Entra app registrations through Microsoft Graph with plain
 * fetch: the API (app roles, Console.Access scope, identifier URI api://<appId>), the SPA
 * (redirect URI), and a service principal for each (so roles can be assigned). Runs as whoever
 * `DefaultAzureCredential` finds (`az login` as someone allowed to create applications).
 *
 *   npx tsx scripts/entra-app-registration.ts https://console.contoso.com [--name "OpenHands Console"]
 *
 * Prints the AUTH_* values to configure. Re-running finds the apps by display name and patches them.
 */
import { DefaultAzureCredential } from "@azure/identity";
import { apiApplication, spaApplication, ACCESS_SCOPE } from "./entra/app-manifests";

const GRAPH = "https://graph.microsoft.com/v1.0";

interface GraphApp { id: string; appId: string; displayName: string }

async function main(): Promise<void> {
  const consoleUrl = process.argv[2];
  if (!consoleUrl || !/^https?:\/\//.test(consoleUrl)) throw new Error("usage: tsx scripts/entra-app-registration.ts <console URL> [--name <display name>]");
  const nameAt = process.argv.indexOf("--name");
  const name = nameAt > 0 ? (process.argv[nameAt + 1] ?? "OpenHands Console") : "OpenHands Console";
  const credential = new DefaultAzureCredential();
  const token = await credential.getToken("https://graph.microsoft.com/.default");
  const graph = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${GRAPH}${path}`, {
      method,
      headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Graph ${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const upsert = async (body: { displayName: string }): Promise<GraphApp> => {
    const filter = encodeURIComponent(`displayName eq '${body.displayName.replace(/'/g, "''")}'`);
    const found = (await graph<{ value: GraphApp[] }>("GET", `/applications?$filter=${filter}`)).value[0];
    if (found) {
      await graph("PATCH", `/applications/${found.id}`, body);
      return found;
    }
    return graph<GraphApp>("POST", "/applications", body);
  };
  const ensureServicePrincipal = async (appId: string) => {
    const found = (await graph<{ value: unknown[] }>("GET", `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`)).value[0];
    if (!found) await graph("POST", "/servicePrincipals", { appId });
  };

  const apiName = `${name} API`;
  const api = await upsert(apiApplication(apiName));
  const appIdUri = `api://${api.appId}`;
  await graph("PATCH", `/applications/${api.id}`, { identifierUris: [appIdUri] });
  await ensureServicePrincipal(api.appId);
  const spa = await upsert(spaApplication(name, consoleUrl, { appId: api.appId, displayName: apiName }));
  await ensureServicePrincipal(spa.appId);
  const tenantId = JSON.parse(Buffer.from(token.token.split(".")[1] ?? "", "base64url").toString("utf8")).tid as string;

  console.log(`API registration  ${apiName}: appId ${api.appId}`);
  console.log(`SPA registration  ${name}: appId ${spa.appId}, redirect URI ${consoleUrl.replace(/\/+$/, "")}/`);
  console.log("\nConfigure the console with:");
  console.log(`AUTH_TENANT_ID=${tenantId}`);
  console.log(`AUTH_AUTHORITY=https://login.microsoftonline.com/${tenantId}/v2.0`);
  console.log(`AUTH_SPA_CLIENT_ID=${spa.appId}`);
  console.log(`AUTH_API_AUDIENCE=${api.appId}`);
  console.log(`AUTH_API_SCOPE=${appIdUri}/${ACCESS_SCOPE}`);
  console.log("\nThen assign app roles to admins (Enterprise applications → the API → Users and groups) and grant admin consent to the SPA.");
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
