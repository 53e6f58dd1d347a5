/**
 * The doctor's gathering: asks the live endpoints the configuration names (the authority, ARM
 * with the console's own identity, the store, each environment's data planes) with short
 * timeouts, and hands the answers to the pure verdicts in ./checks.ts. Never throws: every
 * failure is an observation. Shared by `npm run doctor` and GET /api/doctor.
 */
import { createHash, randomBytes } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import { decodeJwt } from "jose";
import type pg from "pg";
import { ARM_SCOPE, armClients } from "@/lib/azure/clients";
import { credentialFromConfig } from "@/lib/azure/credential";
import { REGISTRABLE_NAMESPACES } from "@/lib/azure/preflight/register";
import type { ConsoleConfig } from "@/lib/config";
import { probeTcp, describeUnreachable } from "@/lib/environments/reachability";
import { environmentTarget } from "@/lib/environments/target";
import { listEnvironments } from "@/lib/store/environments";
import { listMigrationFiles } from "@/lib/store/migrate";
import * as verdict from "./checks";
import type { DataPlaneProbe, DoctorCheck, Observed } from "./checks";

const HTTP_TIMEOUT_MS = 8_000;

export interface DoctorDeps {
  pool: pg.Pool;
  /** Default: the credential the console itself uses (credentialFromConfig). */
  credential?: TokenCredential;
  migrationsDir?: string;
}

export interface DoctorReport {
  status: verdict.CheckStatus;
  checkedAt: string;
  checks: DoctorCheck[];
}

/** One line; an ARM SDK error (RestError) keeps its HTTP status and code, the parts a fix depends on. */
function message(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split("\n")[0]?.slice(0, 400) ?? "";
  const { statusCode, code } = (err ?? {}) as { statusCode?: unknown; code?: unknown };
  return typeof statusCode === "number" ? `HTTP ${statusCode}${typeof code === "string" ? ` ${code}` : ""}: ${text}` : text;
}

async function observe<T>(work: () => Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: message(err) };
  }
}

async function getJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  const text = await res.text();
  if (!res.ok) {
    const code = /"code"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    throw new Error(`HTTP ${res.status}${code ? ` ${code}` : ""}`);
  }
  return JSON.parse(text) as unknown;
}

async function discovery(authority: string): Promise<verdict.DiscoveryDocument> {
  const doc = (await getJson(`${authority.replace(/\/+$/, "")}/.well-known/openid-configuration`)) as verdict.DiscoveryDocument;
  if (!doc.jwks_uri) return doc;
  const jwks = (await getJson(doc.jwks_uri)) as { keys?: unknown[] };
  return { ...doc, keyCount: jwks.keys?.length ?? 0 };
}

/**
 * The SPA's authorization request as MSAL sends it, stopped at the first answer (no sign-in).
 * Only `openid` is asked: the question is client id + redirect URI, not the API's consent.
 */
async function authorizeProbe(authorizeUrl: string, clientId: string, redirectUri: string): Promise<verdict.AuthorizeProbe> {
  const url = new URL(authorizeUrl);
  const challenge = createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url");
  for (const [k, v] of Object.entries({ client_id: clientId, redirect_uri: redirectUri, response_type: "code", response_mode: "fragment", scope: "openid", code_challenge: challenge, code_challenge_method: "S256", state: "doctor", nonce: "doctor" })) {
    url.searchParams.set(k, v);
  }
  const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  const body = (await res.text()).slice(0, 4_000);
  return { status: res.status, ...(res.headers.get("location") ? { location: res.headers.get("location") ?? "" } : {}), body };
}

function credentialKind(cfg: ConsoleConfig): string {
  return cfg.AZURE_CLIENT_SECRET ? "ClientSecretCredential (service principal)" : "DefaultAzureCredential";
}

export async function runDoctor(cfg: ConsoleConfig, deps: DoctorDeps): Promise<DoctorReport> {
  const credential = deps.credential ?? credentialFromConfig(cfg);
  const arm = cfg.ARM_ENDPOINT.replace(/\/+$/, "");
  const checks: DoctorCheck[] = [];

  const disc = await observe(() => discovery(cfg.AUTH_AUTHORITY));
  checks.push(verdict.judgeDiscovery(cfg.AUTH_AUTHORITY, cfg.AUTH_ISSUER, disc));
  const redirectUri = `${cfg.CONSOLE_URL.replace(/\/+$/, "")}/`;
  const authorizeEndpoint = disc.ok ? disc.value.authorization_endpoint : undefined;
  checks.push(
    verdict.judgeRedirectUri(
      redirectUri,
      cfg.AUTH_SPA_CLIENT_ID,
      authorizeEndpoint ? await observe(() => authorizeProbe(authorizeEndpoint, cfg.AUTH_SPA_CLIENT_ID, redirectUri)) : { ok: false, error: "no authorization_endpoint (discovery failed)" },
    ),
  );

  let token: string | undefined;
  const tokenFacts = await observe(async () => {
    const t = await credential.getToken(ARM_SCOPE);
    if (!t) throw new Error("the credential returned no token");
    token = t.token;
    const claims = decodeJwt(t.token);
    return {
      ...(typeof claims.oid === "string" ? { principalId: claims.oid } : {}),
      ...(typeof claims.appid === "string" ? { appId: claims.appid } : typeof claims.azp === "string" ? { appId: claims.azp } : {}),
      expiresInMinutes: Math.round((t.expiresOnTimestamp - Date.now()) / 60_000),
    };
  });
  checks.push(verdict.judgeArmToken(credentialKind(cfg), tokenFacts));
  const principalId = tokenFacts.ok ? tokenFacts.value.principalId : undefined;
  const auth = { headers: { authorization: `Bearer ${token ?? ""}` } };
  const sub = cfg.AZURE_SUBSCRIPTION_ID;

  if (token) {
    checks.push(
      verdict.judgeSubscription(
        sub,
        await observe(async () => {
          if (sub) return (await getJson(`${arm}/subscriptions/${sub}?api-version=2022-12-01`, auth)) as { id: string; displayName?: string; state?: string };
          const list = (await getJson(`${arm}/subscriptions?api-version=2022-12-01`, auth)) as { value?: unknown[] };
          return { id: "", count: list.value?.length ?? 0 };
        }),
      ),
    );
    if (sub) {
      checks.push(
        verdict.judgeProviders(
          REGISTRABLE_NAMESPACES,
          await observe(async () => ((await getJson(`${arm}/subscriptions/${sub}/providers?api-version=2021-04-01`, auth)) as { value?: { namespace: string; registrationState: string }[] }).value ?? []),
        ),
      );
      checks.push(verdict.judgeRoleAssignments(principalId, principalId ? await roleAssignments(arm, sub, principalId, auth) : { ok: false, error: "no principal" }));
    }
  }

  checks.push(
    verdict.judgeStore(
      await observe(async () => {
        const files = await listMigrationFiles(deps.migrationsDir);
        await deps.pool.query("SELECT 1");
        const applied = await deps.pool.query<{ name: string }>("SELECT name FROM schema_migrations").then((r) => r.rows.map((x) => x.name), () => [] as string[]);
        return { files, applied };
      }),
    ),
  );
  if (token) checks.push(verdict.judgeDataPlanes(await dataPlaneProbes(deps.pool, cfg, credential)));

  return { status: verdict.overallStatus(checks), checkedAt: new Date().toISOString(), checks };
}

async function roleAssignments(arm: string, sub: string, principalId: string, auth: RequestInit): Promise<Observed<{ roles: string[] }> | { ok: "unsupported"; detail: string }> {
  const url = `${arm}/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`assignedTo('${principalId}')`)}`;
  const listed = await observe(() => getJson(url, auth) as Promise<{ value?: { properties?: { roleDefinitionId?: string; scope?: string } }[] }>);
  if (!listed.ok) {
    return /HTTP (404|400) (NoRegisteredProviderFound|InvalidResourceType|NotFound|ResourceNotFound)|HTTP 404/.test(listed.error) ? { ok: "unsupported", detail: listed.error } : listed;
  }
  const assignments = listed.value.value ?? [];
  // Role names read better than GUIDs; a definition that cannot be read keeps its GUID.
  const definitionIds = [...new Set(assignments.map((a) => a.properties?.roleDefinitionId).filter((id): id is string => Boolean(id)))];
  const names = new Map(
    await Promise.all(
      definitionIds.map(async (id) => {
        const read = await observe(() => getJson(`${arm}${id}?api-version=2022-04-01`, auth) as Promise<{ properties?: { roleName?: string } }>);
        return [id, (read.ok && read.value.properties?.roleName) || (id.split("/").pop() ?? id)] as const;
      }),
    ),
  );
  const roles = assignments.map((a) => `${names.get(a.properties?.roleDefinitionId ?? "") ?? "?"} on ${a.properties?.scope ?? "?"}`);
  return { ok: true, value: { roles } };
}

/** Each environment's PostgreSQL, Redis and AKS API host from ARM, probed over TCP with a short timeout. */
async function dataPlaneProbes(pool: pg.Pool, cfg: ConsoleConfig, credential: TokenCredential): Promise<DataPlaneProbe[]> {
  const environments = await listEnvironments(pool).catch(() => []);
  const probes: DataPlaneProbe[] = [];
  for (const environment of environments) {
    const target = await environmentTarget(pool, environment);
    const clients = armClients({ subscriptionId: target.subscriptionId, credential, endpoint: cfg.ARM_ENDPOINT });
    const rg = target.resourceGroup;
    const hosts: [string, () => Promise<{ host?: string; port: number }>][] = [
      [`PostgreSQL server ${target.names.postgresServer}`, async () => ({ host: (await clients.postgres.servers.get(rg, target.names.postgresServer)).fullyQualifiedDomainName, port: 5432 })],
      [`Redis cache ${target.names.redisCache}`, async () => {
        const c = await clients.redis.redis.get(rg, target.names.redisCache);
        return { host: c.hostName, port: c.enableNonSslPort ? (c.port ?? 6379) : (c.sslPort ?? 6380) };
      }],
      [`AKS API ${target.names.aksCluster}`, async () => {
        const c = await clients.containerService.managedClusters.get(rg, target.names.aksCluster);
        return { host: c.privateFqdn ?? c.fqdn, port: 443 };
      }],
    ];
    for (const [service, locate] of hosts) {
      const where = await observe(locate);
      if (!where.ok || !where.value.host) {
        probes.push({ environment: environment.name, service, note: where.ok ? "ARM reports no host yet" : `ARM: ${where.error}` });
        continue;
      }
      const { host, port } = where.value as { host: string; port: number };
      const r = await probeTcp(host, port);
      probes.push({ environment: environment.name, service, host, port, reachable: r.ok, ms: r.ms, ...(r.ok ? {} : { message: describeUnreachable(service, host, port, r) }) });
    }
  }
  return probes;
}
