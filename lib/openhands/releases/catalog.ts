/**
 * The OpenHands Enterprise releases the console can install (knowledge/openhands.md §5, §2).
 * Enterprise tags went from `cloud-1.47.1` to plain semver `1.48.0 … 1.54.0`; the Helm chart
 * 0.50.0 ships appVersion 1.54.0. Only stable semver tags are offered (the chart: "Do not use
 * sha-based tags"). Facts per release:
 * - `minPostgresVersion`: 16 (docs PR OpenHands/docs#511: PostgreSQL 16.4+, 17 supported).
 * - `supportsDbSslMode`: `DB_SSL_MODE`/`PGSSLMODE` arrived with PR OpenHands/OpenHands#14695
 *   (merged 2026-06). CUTOFF (documented assumption, not read from a tag): the first enterprise
 *   release carrying it is taken to be `DB_SSL_MODE_SINCE` = 1.50.0; older releases connect without
 *   TLS and cannot use a flexible server that requires secure transport.
 * - `redisTls`: never — OpenHands builds `redis://` URLs only, so Azure Cache for Redis must expose
 *   its non-TLS port 6379 (VNet-only).
 * Intermediate versions between the tags named in the source (1.48.0, 1.52.2, 1.53.0, 1.54.0) are
 * listed as the minor releases in between (unconfirmed).
 */

export interface OpenHandsRelease {
  version: string;
  /** Release date (month precision is all we know for most; unconfirmed where noted). */
  released: string;
  /** Image paths under the registry (default ghcr.io/openhands) and their tags. */
  images: { app: { repository: string; tag: string }; agentServer: { repository: string; tag: string }; runtimeApi: { repository: string; tag: string } };
  minPostgresVersion: number;
  supportsDbSslMode: boolean;
  /** OpenHands has no Redis TLS option in any release. */
  redisTls: false;
  /** Chart version that ships this appVersion, when known. */
  chartVersion?: string;
  notes?: string;
}

export const DEFAULT_IMAGE_REGISTRY = "ghcr.io/openhands";
export const DB_SSL_MODE_SINCE = "1.50.0";

const AGENT_SERVER = { repository: "agent-server", tag: "1.41.0-python" };
const RUNTIME_API = { repository: "runtime-api", tag: "0.8.2" };

function release(version: string, released: string, extra: Partial<OpenHandsRelease> = {}): OpenHandsRelease {
  return {
    version,
    released,
    images: { app: { repository: "enterprise-server", tag: version }, agentServer: AGENT_SERVER, runtimeApi: RUNTIME_API },
    minPostgresVersion: 16,
    supportsDbSslMode: compareVersions(version, DB_SSL_MODE_SINCE) >= 0,
    redisTls: false,
    ...extra,
  };
}

/** Newest first. */
export const RELEASES: readonly OpenHandsRelease[] = [
  release("1.54.0", "2026-10", { chartVersion: "0.50.0", notes: "appVersion of chart 0.50.0" }),
  release("1.53.0", "2026-09"),
  release("1.52.2", "2026-08"),
  release("1.52.0", "2026-08", { notes: "unconfirmed tag" }),
  release("1.51.0", "2026-07", { notes: "unconfirmed tag" }),
  release("1.50.0", "2026-06", { notes: "unconfirmed tag; first release assumed to carry DB_SSL_MODE (PR #14695)" }),
  release("1.49.0", "2026-05", { notes: "unconfirmed tag" }),
  release("1.48.0", "2026-04", { notes: "first plain-semver enterprise tag" }),
];

export const LATEST_RELEASE: OpenHandsRelease = RELEASES[0]!;

export function findRelease(version: string): OpenHandsRelease | undefined {
  return RELEASES.find((r) => r.version === version);
}

/** Numeric semver comparison of `a.b.c` strings (no pre-release tags in the catalog). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Fully qualified image references for a release under a registry (default ghcr.io/openhands). */
export function releaseImages(r: OpenHandsRelease, registry: string = DEFAULT_IMAGE_REGISTRY): { app: string; agentServer: string; runtimeApi: string } {
  const base = registry.replace(/\/+$/, "");
  const ref = (i: { repository: string; tag: string }) => `${base}/${i.repository}:${i.tag}`;
  return { app: ref(r.images.app), agentServer: ref(r.images.agentServer), runtimeApi: ref(r.images.runtimeApi) };
}
