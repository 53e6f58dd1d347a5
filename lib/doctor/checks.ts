/**
 * The doctor's verdicts: pure functions from what was observed (an HTTP answer, a token, a list
 * of providers…) to a check with ok / warn / fail, the evidence and the fix. The I/O that gathers
 * the observations lives in ./run.ts; `npm run doctor` and the Settings panel only render the list.
 */
export type CheckStatus = "ok" | "warn" | "fail";

export interface DoctorCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was observed (never a secret or a token). */
  evidence: string;
  /** What to do about it; absent when ok. */
  fix?: string;
}

/** Something the gathering step tried: its answer, or the error it got. */
export type Observed<T> = { ok: true; value: T } | { ok: false; error: string };

const check = (id: string, title: string, status: CheckStatus, evidence: string, fix?: string): DoctorCheck => ({ id, title, status, evidence, ...(fix && status !== "ok" ? { fix } : {}) });

export interface DiscoveryDocument {
  issuer?: string;
  jwks_uri?: string;
  authorization_endpoint?: string;
  keyCount?: number;
}

export function judgeDiscovery(authority: string, expectedIssuer: string | undefined, o: Observed<DiscoveryDocument>): DoctorCheck {
  const title = "Sign-in authority (OpenID discovery)";
  const url = `${authority.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  if (!o.ok) return check("authority", title, "fail", `GET ${url} failed: ${o.error}`, "Set AUTH_AUTHORITY to https://login.microsoftonline.com/<tenant id>/v2.0 (your tenant's id, v2.0 endpoint) and check that this host can reach it (proxy, firewall).");
  const doc = o.value;
  if (!doc.issuer || !doc.jwks_uri) return check("authority", title, "fail", `${url} answered without issuer or jwks_uri`, "AUTH_AUTHORITY must be an OpenID Connect authority (Entra: https://login.microsoftonline.com/<tenant>/v2.0).");
  if (expectedIssuer && expectedIssuer !== doc.issuer) return check("authority", title, "fail", `issuer ${doc.issuer} ≠ AUTH_ISSUER ${expectedIssuer}`, "Unset AUTH_ISSUER (the discovered issuer is used) or set it to the issuer above.");
  if (!doc.keyCount) return check("authority", title, "fail", `issuer ${doc.issuer}; JWKS ${doc.jwks_uri} has no signing keys`, "Tokens cannot be verified without keys: check the authority URL.");
  return check("authority", title, "ok", `issuer ${doc.issuer}; ${doc.keyCount} signing key(s) at ${doc.jwks_uri}`);
}

/** The authorize endpoint's answer to the SPA's client id + redirect URI (no sign-in happens). */
export interface AuthorizeProbe {
  status: number;
  /** Where a 3xx answer sends the browser (a login page, or back with an error). */
  location?: string;
  /** The start of an error page, if any. */
  body?: string;
}

export function judgeRedirectUri(redirectUri: string, clientId: string, o: Observed<AuthorizeProbe>): DoctorCheck {
  const title = "SPA redirect URI";
  const fix = `In the SPA app registration ${clientId} (Authentication → Single-page application) add the redirect URI ${redirectUri}, or set CONSOLE_URL to the URL that is registered.`;
  if (!o.ok) return check("redirect-uri", title, "warn", `could not ask the authorize endpoint: ${o.error}`, fix);
  const { status, location = "", body = "" } = o.value;
  const text = `${location} ${body}`;
  if (/AADSTS50011|redirect_uri|redirect uri/i.test(text) && /mismatch|not match|invalid|does not match/i.test(text)) {
    return check("redirect-uri", title, "fail", `the authority refused redirect URI ${redirectUri} for client ${clientId} (HTTP ${status})`, fix);
  }
  if (/AADSTS700016|invalid_client|client.*not found|unauthorized_client/i.test(text)) {
    return check("redirect-uri", title, "fail", `the authority does not know client ${clientId} (HTTP ${status})`, "Set AUTH_SPA_CLIENT_ID to the SPA app registration's Application (client) id.");
  }
  if (status >= 400) return check("redirect-uri", title, "fail", `the authorize endpoint answered HTTP ${status} for client ${clientId} and ${redirectUri}`, fix);
  return check("redirect-uri", title, "ok", `the authority accepts client ${clientId} with redirect URI ${redirectUri} (HTTP ${status}, a sign-in page)`);
}

export interface ArmTokenFacts {
  /** Object id of the console's identity (token claim `oid`). */
  principalId?: string;
  appId?: string;
  expiresInMinutes: number;
}

export function judgeArmToken(credentialKind: string, o: Observed<ArmTokenFacts>): DoctorCheck {
  const title = "Token for Azure Resource Manager (the console's identity)";
  if (!o.ok) {
    const secret = /AADSTS7000215|invalid_client|client secret|unauthorized_client|invalid client/i.test(o.error);
    const fix = secret
      ? "The client secret is wrong or expired: create a new one on the app registration (Certificates & secrets) and set AZURE_CLIENT_SECRET."
      : credentialKind === "DefaultAzureCredential"
        ? "On a laptop run `az login` (and `az account set -s <subscription>`); on AKS check the pod's ServiceAccount has the azure.workload.identity/client-id annotation, the pod label azure.workload.identity/use=true and a federated credential on the managed identity."
        : "Check AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and AZURE_AUTHORITY_HOST.";
    return check("arm-token", title, "fail", `${credentialKind}: ${o.error.split("\n")[0]?.slice(0, 300) ?? ""}`, fix);
  }
  const who = [o.value.appId && `app ${o.value.appId}`, o.value.principalId && `principal ${o.value.principalId}`].filter(Boolean).join(", ");
  return check("arm-token", title, "ok", `${credentialKind} got a token (${who || "no identity claims"}), valid ${o.value.expiresInMinutes} more minutes`);
}

export function judgeSubscription(subscriptionId: string | undefined, o: Observed<{ id: string; displayName?: string; state?: string; count?: number }>): DoctorCheck {
  const title = "Subscription read";
  const fix = "Give the console's identity a role on the subscription (see the README's role table), or set AZURE_SUBSCRIPTION_ID to a subscription it can read.";
  if (!o.ok) return check("subscription", title, "fail", `${subscriptionId ? `GET subscription ${subscriptionId}` : "listing subscriptions"}: ${o.error}`, fix);
  if (o.value.state && o.value.state !== "Enabled") return check("subscription", title, "fail", `subscription ${o.value.id} is ${o.value.state}`, "Only an Enabled subscription can be provisioned into.");
  if (!subscriptionId) return check("subscription", title, o.value.count ? "ok" : "fail", `AZURE_SUBSCRIPTION_ID unset; the identity sees ${o.value.count ?? 0} subscription(s)`, fix);
  return check("subscription", title, "ok", `${o.value.displayName ?? o.value.id} (${o.value.id}) is ${o.value.state ?? "readable"}`);
}

export function judgeProviders(required: readonly string[], o: Observed<{ namespace: string; registrationState: string }[]>): DoctorCheck {
  const title = "Resource providers registered";
  if (!o.ok) return check("providers", title, "fail", `listing providers: ${o.error}`, "The identity needs read access on the subscription.");
  const state = new Map(o.value.map((p) => [p.namespace.toLowerCase(), p.registrationState]));
  const missing = required.filter((ns) => state.get(ns.toLowerCase()) !== "Registered");
  if (missing.length === 0) return check("providers", title, "ok", `${required.join(", ")}: Registered`);
  const detail = missing.map((ns) => `${ns} (${state.get(ns.toLowerCase()) ?? "unknown"})`).join(", ");
  // Registering is asked for already: registering again changes nothing; Azure finishes within minutes.
  const toRegister = missing.filter((ns) => state.get(ns.toLowerCase()) !== "Registering");
  if (toRegister.length === 0) return check("providers", title, "warn", `not registered yet: ${detail}`, "Registration is under way (Azure finishes within minutes): run the doctor again shortly.");
  return check("providers", title, "warn", `not registered: ${detail}`, `Register them: ${toRegister.map((ns) => `az provider register -n ${ns}`).join("; ")} — or with the button in setup's preflight.`);
}

export function judgeStore(o: Observed<{ files: string[]; applied: string[] }>): DoctorCheck {
  const title = "Console store (PostgreSQL)";
  if (!o.ok) return check("store", title, "fail", `the store did not answer: ${o.error}`, "Check DATABASE_URL (host, database, user), DATABASE_SSL=true for Azure Database for PostgreSQL, and that this host can reach it.");
  const pending = o.value.files.filter((f) => !o.value.applied.includes(f));
  if (pending.length > 0) return check("store", title, "fail", `reachable; migrations not applied: ${pending.join(", ")}`, "Start the console once (it applies migrations at start-up), then check its log.");
  return check("store", title, "ok", `reachable; all ${o.value.files.length} migrations applied`);
}

export function judgeRoleAssignments(principalId: string | undefined, o: Observed<{ roles: string[] }> | { ok: "unsupported"; detail: string }): DoctorCheck {
  const title = "Role assignments of the console's identity";
  if (!principalId) return check("role-assignments", title, "warn", "the ARM token has no oid claim, so the identity's assignments cannot be listed", "Check the role assignments by hand: az role assignment list --assignee <client id> --all.");
  if (o.ok === "unsupported") return check("role-assignments", title, "warn", `the roleAssignments list is not served by this ARM (${o.detail}); subscription and provider reads above are what was checked`, "Check by hand: az role assignment list --assignee " + principalId + " --all.");
  if (!o.ok) return check("role-assignments", title, "warn", `listing role assignments for ${principalId}: ${o.error}`, "Reading assignments needs Microsoft.Authorization/roleAssignments/read (any built-in role has it at its scope).");
  if (o.value.roles.length === 0) return check("role-assignments", title, "fail", `principal ${principalId} has no role assignment at the subscription or below`, "Assign the roles in the README's least-privilege table to the console's identity.");
  return check("role-assignments", title, "ok", `principal ${principalId}: ${o.value.roles.join(", ")}`);
}

export interface DataPlaneProbe {
  environment: string;
  service: string;
  host?: string;
  port?: number;
  /** undefined host: ARM had no host yet (or the resource is missing) — `note` says why. */
  note?: string;
  reachable?: boolean;
  /** describeUnreachable's sentence when not reachable. */
  message?: string;
  ms?: number;
}

export function judgeDataPlanes(probes: DataPlaneProbe[]): DoctorCheck {
  const title = "Environments' private data planes reachable from here";
  if (probes.length === 0) return check("data-planes", title, "ok", "no environments yet: nothing to reach");
  const lines = probes.map((p) =>
    p.host === undefined
      ? `${p.environment}: ${p.service}: ${p.note ?? "no host"}`
      : p.reachable
        ? `${p.environment}: ${p.service} ${p.host}:${p.port} reachable (${p.ms} ms)`
        : `${p.environment}: ${p.message ?? `${p.service} ${p.host}:${p.port} not reachable`}`,
  );
  const unreachable = probes.filter((p) => p.host !== undefined && !p.reachable);
  const unknown = probes.filter((p) => p.host === undefined);
  if (unreachable.length > 0) {
    return check("data-planes", title, "fail", lines.join("\n"), "The Database, Redis and workload pages need these. Run the console inside the environment's VNet (the AKS deployment under deploy/), or connect this machine to the VNet (VPN, peering).");
  }
  return check("data-planes", title, unknown.length > 0 ? "warn" : "ok", lines.join("\n"), "Finish (or retry) the environment's setup so ARM reports a host.");
}

/** The worst status wins; the doctor exits non-zero on fail. */
export function overallStatus(checks: DoctorCheck[]): CheckStatus {
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "warn")) return "warn";
  return "ok";
}
