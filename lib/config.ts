/**
 * Every environment variable the console reads, parsed once with zod. A bad or missing value
 * stops start-up with one message that lists each bad key and why (see `loadConfig`).
 *
 * The same names work against real Azure and the local stack: only values differ. The README's
 * configuration table is generated from the descriptions below (keep them short and true).
 */
import { z } from "zod";

const url = z.string().url();
const httpsUrl = url.refine((v) => v.startsWith("https://"), "must be an https:// URL (Azure SDKs and MSAL refuse http)");
const guid = z.string().uuid("must be a GUID");
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const configSchema = z.object({
  CONSOLE_URL: url.describe("Public URL of the console, e.g. https://console.contoso.com (local: http://localhost:3000)."),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection URL")
    .describe("Console store (PostgreSQL). The launcher points it at embedded PGlite unless you set it."),
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^/@]+@/, "must be a postgres:// connection URL that names the user")
    .optional()
    .describe("Owner role for migrations (production: set it). Migrations run as it and make DATABASE_URL's user a member of console_runtime, which cannot UPDATE/DELETE/TRUNCATE or ALTER the audit log. Unset: DATABASE_URL's user owns the schema."),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10).describe("Connections in the store's pool (PGlite serves one backend: the launcher sets 1)."),
  DATABASE_SSL: bool.default(false).describe("Require TLS to the store (Azure Database for PostgreSQL: true)."),
  AUTH_TENANT_ID: guid.describe("Entra ID tenant of the console's admins; tokens from any other tenant are refused."),
  AUTH_AUTHORITY: httpsUrl.describe("Sign-in authority, e.g. https://login.microsoftonline.com/<tenant>/v2.0. Its OpenID configuration gives issuer and JWKS."),
  AUTH_SPA_CLIENT_ID: z.string().min(1).describe("Client id of the console's SPA app registration (MSAL in the browser)."),
  AUTH_API_AUDIENCE: z.string().min(1).describe("Audience of access tokens for the console API (app id URI or client id of the API registration)."),
  AUTH_API_SCOPE: z.string().min(1).describe("Delegated scope the browser asks for, e.g. api://openhands-console/Console.Access."),
  AUTH_ISSUER: url.optional().describe("Expected `iss` of access tokens; defaults to the issuer in the authority's OpenID configuration."),
  AUTH_PROTOCOL_MODE: z
    .enum(["AAD", "OIDC"])
    .optional()
    .describe("MSAL protocol mode in the browser: AAD for Entra ID, OIDC for any other OpenID provider (the local Entra). Default: AAD when the authority is a Microsoft login host, else OIDC."),
  AZURE_SUBSCRIPTION_ID: guid.optional().describe("Default subscription offered by the setup wizard."),
  ARM_ENDPOINT: httpsUrl.default("https://management.azure.com").describe("Azure Resource Manager endpoint (local: the local Azure)."),
  AZURE_TENANT_ID: guid.optional().describe("Tenant of the console's own Azure identity (read by @azure/identity)."),
  AZURE_CLIENT_ID: z.string().optional().describe("Client id of the console's own Azure identity (workload identity or service principal)."),
  AZURE_CLIENT_SECRET: z.string().optional().describe("Secret of that service principal; leave unset to use workload/managed identity or `az login`."),
  AZURE_AUTHORITY_HOST: httpsUrl.optional().describe("Entra authority host for the console's identity (default https://login.microsoftonline.com)."),
  AZURE_DISABLE_INSTANCE_DISCOVERY: bool.default(false).describe("Skip Entra instance discovery (needed for a non-Microsoft authority host such as the local Entra)."),
  SECRETS_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32, "must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)")
    .describe("Key that seals the setup wizard's write-only secrets in the store (AES-256-GCM). 32 bytes, base64. Changing it makes stored wizard secrets unreadable (re-enter them)."),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30).describe("A console session ends after this many minutes without a request (sign-in again needed)."),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12).describe("A console session ends this many hours after sign-in, however active; renewing the token never extends it."),
  WORKER_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(5)
    .max(3600)
    .default(60)
    .describe("How long a replica's claim on a running operation step lasts without renewal (renewed every third of it). A replica that dies mid-step is taken over this long after its last renewal."),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info").describe("Server log level."),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .regex(/(^|;)\s*InstrumentationKey=[^;]+/i, "must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)")
    .optional()
    .describe("Application Insights connection string: when set, the server exports OpenTelemetry traces and metrics to Azure Monitor. Unset: nothing is loaded."),
  CONSOLE_IMAGE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, "must be a container image reference, e.g. contosoacr.azurecr.io/openhands-console:0.1.0")
    .default("contosoacr.azurecr.io/openhands-console:0.1.0")
    .describe("Image the \"Move the console\" operation deploys onto the environment's AKS cluster (your registry's copy of this console's image)."),
  OPENHANDS_INGRESS_ADDRESS: url
    .refine((v) => /^https?:\/\//.test(v), "must be an http:// or https:// URL")
    .optional()
    .describe("Base URL that OpenHands health checks connect to, sending the public host name as the Host header (local: the ingress router). Unset: https://<host> directly."),
});

export type ConsoleConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The console cannot start: its configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parse an environment (default: process.env); throws ConfigError listing every bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join(".");
      const why = issue.code === "invalid_type" && cleaned[key] === undefined ? "is required but not set" : issue.message;
      return `${key}: ${why}`;
    });
    throw new ConfigError(problems);
  }
  const cfg = parsed.data;
  if (cfg.AZURE_CLIENT_SECRET && (!cfg.AZURE_CLIENT_ID || !cfg.AZURE_TENANT_ID)) {
    throw new ConfigError(["AZURE_CLIENT_SECRET: needs AZURE_CLIENT_ID and AZURE_TENANT_ID as well"]);
  }
  return cfg;
}

let cached: ConsoleConfig | undefined;

/** The process's configuration, parsed on first use. Server-only. */
export function config(): ConsoleConfig {
  cached ??= loadConfig();
  return cached;
}
