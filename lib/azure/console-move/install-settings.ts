/**
 * What the moved console is configured with (pure): the running console's own settings — the
 * same Entra app registration, ARM endpoint and subscription — so admins sign in to the moved
 * console exactly as before. It keeps the console's URL: the Ingress serves CONSOLE_URL's host
 * (point that name's DNS record at the cluster's ingress after the move). Non-secret values only;
 * DATABASE_URL and SECRETS_KEY are made by the install step and go to the Secret.
 */
import type { ConsoleConfig } from "@/lib/config";

export interface ConsoleInstallSettings {
  image: string;
  host: string;
  replicas: number;
  config: Record<string, string>;
}

/** Settings carried over as they are (when set). */
const CARRIED = [
  "AUTH_TENANT_ID",
  "AUTH_AUTHORITY",
  "AUTH_SPA_CLIENT_ID",
  "AUTH_API_AUDIENCE",
  "AUTH_API_SCOPE",
  "AUTH_ISSUER",
  "AUTH_PROTOCOL_MODE",
  "AZURE_SUBSCRIPTION_ID",
  "ARM_ENDPOINT",
  // Only for a non-Microsoft authority (the local Entra); on AKS the workload identity webhook sets the host.
  "AZURE_AUTHORITY_HOST",
  "AZURE_DISABLE_INSTANCE_DISCOVERY",
  "SESSION_IDLE_MINUTES",
  "SESSION_ABSOLUTE_HOURS",
  "LOG_LEVEL",
] as const satisfies readonly (keyof ConsoleConfig)[];

export const CONSOLE_REPLICAS = 3;

export function consoleInstallSettings(cfg: ConsoleConfig): ConsoleInstallSettings {
  const host = new URL(cfg.CONSOLE_URL).hostname;
  const config: Record<string, string> = { CONSOLE_URL: `https://${host}` };
  for (const key of CARRIED) {
    const value = cfg[key];
    if (value !== undefined) config[key] = String(value);
  }
  // Without an explicit one, Kubernetes' workload identity sets AZURE_AUTHORITY_HOST; a false flag is the default.
  if (config.AZURE_DISABLE_INSTANCE_DISCOVERY === "false") delete config.AZURE_DISABLE_INSTANCE_DISCOVERY;
  return { image: cfg.CONSOLE_IMAGE, host, replicas: CONSOLE_REPLICAS, config };
}
