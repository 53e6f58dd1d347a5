/**
 * Compatibility rules between an OpenHands release and the platform settings the wizard chose.
 * Pure functions from facts to findings; preflight turns them into checks, the plan into warnings.
 */
import { DB_SSL_MODE_SINCE, findRelease, RELEASES, type OpenHandsRelease } from "./catalog";

export interface PlatformSettings {
  /** PostgreSQL major version of the flexible server, e.g. 17. */
  postgresVersion: number;
  /** Whether the server requires TLS (`require_secure_transport=on`, Azure's default). */
  postgresRequiresTls: boolean;
  /** Whether the Redis cache exposes its non-TLS port 6379. */
  redisNonTlsPort: boolean;
}

export interface CompatibilityFinding {
  id: "release.unknown" | "postgres.version" | "postgres.tls" | "redis.plainPort";
  severity: "fail" | "warn" | "pass";
  message: string;
  remedy?: string;
}

export function compatibilityFindings(version: string, settings: PlatformSettings): CompatibilityFinding[] {
  const release = findRelease(version);
  if (!release) {
    return [{ id: "release.unknown", severity: "fail", message: `OpenHands ${version} is not in the release catalog`, remedy: `Choose one of ${RELEASES.map((r) => r.version).join(", ")}` }];
  }
  return [postgresVersionFinding(release, settings), postgresTlsFinding(release, settings), redisPortFinding(release, settings)];
}

export function postgresVersionFinding(release: OpenHandsRelease, s: PlatformSettings): CompatibilityFinding {
  if (s.postgresVersion < release.minPostgresVersion) {
    return { id: "postgres.version", severity: "fail", message: `OpenHands ${release.version} needs PostgreSQL ${release.minPostgresVersion} or newer; the plan has ${s.postgresVersion}`, remedy: `Choose PostgreSQL ${release.minPostgresVersion} or 17 in Sizing` };
  }
  return { id: "postgres.version", severity: "pass", message: `PostgreSQL ${s.postgresVersion} meets OpenHands ${release.version}'s minimum (${release.minPostgresVersion})` };
}

export function postgresTlsFinding(release: OpenHandsRelease, s: PlatformSettings): CompatibilityFinding {
  if (!s.postgresRequiresTls) {
    return { id: "postgres.tls", severity: "warn", message: "The database accepts connections without TLS", remedy: "Keep require_secure_transport on and use an OpenHands release that supports DB_SSL_MODE" };
  }
  if (!release.supportsDbSslMode) {
    return {
      id: "postgres.tls",
      severity: "fail",
      message: `OpenHands ${release.version} cannot connect with TLS (DB_SSL_MODE arrived in ${DB_SSL_MODE_SINCE}), but Azure PostgreSQL flexible server requires TLS`,
      remedy: `Choose OpenHands ${DB_SSL_MODE_SINCE} or newer`,
    };
  }
  return { id: "postgres.tls", severity: "pass", message: `OpenHands ${release.version} connects with DB_SSL_MODE=require` };
}

export function redisPortFinding(release: OpenHandsRelease, s: PlatformSettings): CompatibilityFinding {
  if (!s.redisNonTlsPort) {
    return {
      id: "redis.plainPort",
      severity: "fail",
      message: `OpenHands ${release.version} speaks plain redis:// only (no TLS), but the cache's non-TLS port 6379 is disabled`,
      remedy: "Enable the non-TLS port on the cache and keep it reachable from the VNet only (the plan does this)",
    };
  }
  return { id: "redis.plainPort", severity: "pass", message: "Redis non-TLS port 6379 is enabled for OpenHands (reachable from the VNet only)" };
}
