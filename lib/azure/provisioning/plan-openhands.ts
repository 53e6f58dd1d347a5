/**
 * The OpenHands side of the plan: images from the release catalog, the non-secret environment
 * (`DB_*`, `REDIS_*`, `KEYCLOAK_*`, … as in knowledge/openhands.md §2) and which console secret fills
 * each Kubernetes secret key (chart secret names, §6). Secret values never appear here.
 */
import { releaseImages, type OpenHandsRelease } from "@/lib/openhands/releases";
import { DATABASES, POSTGRES_ADMIN_LOGIN, SANDBOX_LABEL, type PlanContext } from "./plan-context";
import type { OpenHandsDeployment } from "./plan-types";

/** The Kubernetes Secret (in the OpenHands namespace) that holds the PostgreSQL administrator password, and its key. */
export const POSTGRES_PASSWORD_SECRET = { name: "postgres-password", key: "password" } as const;

export function openhandsDeployment(ctx: PlanContext, release: OpenHandsRelease): OpenHandsDeployment {
  const { input, names } = ctx;
  const oh = input.openhands;
  const id = input.identity;
  const scheme = oh.tls.mode === "none" ? "http" : "https";
  const keycloakHost = new URL(id.keycloakUrl).host;
  const env: Record<string, string> = {
    DB_HOST: `${names.postgresServer}.postgres.database.azure.com`,
    DB_PORT: "5432",
    DB_USER: POSTGRES_ADMIN_LOGIN,
    DB_NAME: "openhands",
    // Azure requires TLS; releases before DB_SSL_MODE cannot honour it (preflight blocks those).
    ...(release.supportsDbSslMode ? { DB_SSL_MODE: "require", PGSSLMODE: "require" } : {}),
    REDIS_HOST: `${names.redisCache}.redis.cache.windows.net`,
    // OpenHands speaks plain redis:// only; the chart hard-codes 6379 too.
    REDIS_PORT: "6379",
    KEYCLOAK_SERVER_URL: id.keycloakUrl,
    KEYCLOAK_SERVER_URL_EXT: id.keycloakUrl,
    KEYCLOAK_REALM_NAME: id.realm,
    KEYCLOAK_CLIENT_ID: id.clientId,
    KEYCLOAK_PROVIDER_NAME: "enterprise_sso",
    ENABLE_ENTERPRISE_SSO: "true",
    AUTH_WEB_HOST: keycloakHost,
    WEB_HOST: oh.host,
    PERMITTED_CORS_ORIGINS: `${scheme}://${oh.host}`,
    OPENHANDS_CONFIG_CLS: "server.config.SaaSServerConfig",
    RUNTIME: "remote",
    SANDBOX_REMOTE_RUNTIME_API_URL: "http://openhands-runtime-api:5000",
    LITELLM_DEFAULT_MODEL: oh.llm.model,
    ...(oh.llm.baseUrl ? { LITE_LLM_API_URL: oh.llm.baseUrl } : {}),
  };
  return {
    namespace: "openhands",
    sandboxNamespace: "openhands-sandboxes",
    version: release.version,
    images: releaseImages(release, oh.imageRegistry),
    host: oh.host,
    tls: oh.tls,
    env,
    secrets: {
      [POSTGRES_PASSWORD_SECRET.name]: { [POSTGRES_PASSWORD_SECRET.key]: "postgresAdminPassword", "postgres-password": "postgresAdminPassword" },
      redis: { "redis-password": "redisAccessKey" },
      "jwt-secret": { "jwt-secret": "jwtSecret" },
      "keycloak-realm": { "client-secret": "keycloakClientSecret" },
      "keycloak-admin": { "admin-password": "keycloakAdminPassword" },
      "enterprise-sso": { "client-secret": "entraClientSecret" },
      "lite-llm-api-key": { "lite-llm-api-key": "llmApiKey" },
    },
    identityProvider: {
      alias: "enterprise_sso",
      keycloakUrl: id.keycloakUrl,
      realm: id.realm,
      entraTenantId: id.entraTenantId,
      entraClientId: id.entraClientId,
      issuer: `https://login.microsoftonline.com/${id.entraTenantId}/v2.0`,
    },
    sandboxNodeSelector: { key: SANDBOX_LABEL.key, value: SANDBOX_LABEL.value },
    // The platform pool carries this label (plan-compute.ts): the app runs there, not on sandbox nodes.
    platformNodeSelector: { key: "openhands.dev/pool", value: "platform" },
    databases: [...DATABASES],
  };
}
