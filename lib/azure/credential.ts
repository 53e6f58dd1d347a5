/**
 * The console server's own Azure identity. A client secret when one is configured (a service
 * principal; the local stack's Entra), otherwise DefaultAzureCredential (workload identity on
 * AKS, managed identity, `az login` on a laptop). Server-only.
 */
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { config, type ConsoleConfig } from "@/lib/config";

export function credentialFromConfig(cfg: ConsoleConfig): TokenCredential {
  if (cfg.AZURE_CLIENT_SECRET && cfg.AZURE_CLIENT_ID && cfg.AZURE_TENANT_ID) {
    return new ClientSecretCredential(cfg.AZURE_TENANT_ID, cfg.AZURE_CLIENT_ID, cfg.AZURE_CLIENT_SECRET, {
      ...(cfg.AZURE_AUTHORITY_HOST ? { authorityHost: cfg.AZURE_AUTHORITY_HOST } : {}),
      disableInstanceDiscovery: cfg.AZURE_DISABLE_INSTANCE_DISCOVERY,
    });
  }
  return new DefaultAzureCredential({
    ...(cfg.AZURE_TENANT_ID ? { tenantId: cfg.AZURE_TENANT_ID } : {}),
    ...(cfg.AZURE_CLIENT_ID ? { managedIdentityClientId: cfg.AZURE_CLIENT_ID, workloadIdentityClientId: cfg.AZURE_CLIENT_ID } : {}),
  });
}

let cached: TokenCredential | undefined;

/** One credential per process: it caches tokens. */
export function consoleCredential(): TokenCredential {
  cached ??= credentialFromConfig(config());
  return cached;
}
