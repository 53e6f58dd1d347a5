/**
 * OpenHands with the chosen data services (knowledge/openhands.md §2): it speaks plain redis://
 * only (no TLS), and reaches PostgreSQL with TLS only from the release that added DB_SSL_MODE.
 */
import type { PreflightCheck, PreflightTarget } from "../types";

export function postgresTlsCheck(target: PreflightTarget): PreflightCheck | undefined {
  if (!target.postgres || !target.openhands) return undefined;
  const { version, supportsDbTls } = target.openhands;
  const id = "compat:postgres-tls";
  const title = `OpenHands ${version} and PostgreSQL TLS`;
  if (!target.postgres.requireSecureTransport) {
    return {
      id,
      title,
      status: "warn",
      evidence: "The plan turns require_secure_transport off: database traffic inside the VNet is unencrypted.",
      remedy: supportsDbTls ? `OpenHands ${version} supports DB_SSL_MODE=require; keep require_secure_transport on.` : "Choose an OpenHands release with DB_SSL_MODE support to keep TLS required.",
    };
  }
  if (supportsDbTls === true) return { id, title, status: "pass", evidence: `The server requires TLS (require_secure_transport=on) and OpenHands ${version} connects with DB_SSL_MODE=require.` };
  if (supportsDbTls === false) {
    return {
      id,
      title,
      status: "fail",
      evidence: `The server requires TLS (require_secure_transport=on, Azure's default) but OpenHands ${version} has no DB_SSL_MODE: its connections would be refused.`,
      remedy: "Choose an OpenHands release with DB_SSL_MODE support (OpenHands/OpenHands PR #14695, mid-2026) in the OpenHands step.",
    };
  }
  return { id, title, status: "warn", evidence: `The release catalog does not say whether OpenHands ${version} supports DB_SSL_MODE; the server requires TLS.`, remedy: "Prefer a catalogued release, or verify database connectivity right after deploy." };
}

export function postgresVersionCheck(target: PreflightTarget): PreflightCheck | undefined {
  const version = target.postgres?.version;
  const min = target.openhands?.minPostgresVersion;
  if (version === undefined || min === undefined || !target.openhands) return undefined;
  const id = "compat:postgres-version";
  const title = `OpenHands ${target.openhands.version} and PostgreSQL ${version}`;
  if (version < min) {
    return { id, title, status: "fail", evidence: `OpenHands ${target.openhands.version} needs PostgreSQL ${min} or newer; the plan creates PostgreSQL ${version}.`, remedy: `Choose PostgreSQL ${min} or newer in Sizing.` };
  }
  return { id, title, status: "pass", evidence: `PostgreSQL ${version} meets OpenHands ${target.openhands.version}'s minimum (${min}).` };
}

export function redisPlainPortCheck(target: PreflightTarget): PreflightCheck | undefined {
  if (!target.redis) return undefined;
  const id = "compat:redis-plain-port";
  const title = "Redis plain port 6379 for OpenHands, VNet-only";
  const { enableNonSslPort, publicNetworkAccess, subnetId } = target.redis;
  if (!enableNonSslPort) {
    return {
      id,
      title,
      status: "fail",
      evidence: "The cache keeps the non-TLS port 6379 disabled (Azure's default), but OpenHands connects with plain redis:// only (no TLS option; REDIS_PORT 6379).",
      remedy: "Enable the non-TLS port on the cache (enableNonSslPort) and keep it reachable from the VNet only.",
    };
  }
  const vnetOnly = publicNetworkAccess === "Disabled" || subnetId !== undefined;
  if (!vnetOnly) {
    // A warning, not a block: Basic/Standard caches cannot join a VNet, and the password still
    // guards the port; the admin decides with the risk spelled out.
    return {
      id,
      title,
      status: "warn",
      evidence: "Port 6379 (unencrypted) would be reachable on the cache's public endpoint (public network access Enabled, no VNet): the Redis password and data would travel unencrypted outside the VNet.",
      remedy: "Choose the Premium Redis tier in Sizing (the cache then joins the VNet), or add a private endpoint and disable public network access.",
    };
  }
  return { id, title, status: "pass", evidence: `Non-TLS port 6379 enabled for OpenHands; reachable ${subnetId ? "inside its VNet subnet" : "only privately (public network access Disabled)"}.` };
}
