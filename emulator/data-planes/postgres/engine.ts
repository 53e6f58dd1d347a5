/**
 * What the PostgreSQL data plane needs from the engine behind one flexible server. Two engines
 * implement it: a real PostgreSQL cluster (native-cluster.ts) and PGlite (pglite-server.ts),
 * used when the machine has no PostgreSQL binaries.
 */
import type { HbaInput } from "./hba";

export type NetworkSettings = Omit<HbaInput, "superuser">;

export interface ServerStats {
  /** Client connections (active + idle), without the data plane's own. */
  connections: number;
  /** Sum of pg_database_size over all databases. */
  databaseBytes: number;
}

export interface ServerEngine {
  readonly kind: "postgresql" | "pglite";
  running(): boolean;
  /** Initialise on first use, then start listening on host:5432; resolves once clients can connect. */
  start(network: NetworkSettings): Promise<void>;
  stop(): Promise<void>;
  /** Firewall rules / TLS requirement changed. */
  applyNetwork(network: NetworkSettings): Promise<void>;
  /** Create or update the administrator role; `verifier` is a SCRAM verifier (no plaintext). */
  setAdministrator(login: string, verifier: string | undefined): Promise<void>;
  createDatabase(name: string, charset: string, collation: string, owner: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** Run SQL in a database as `role` (so created objects belong to it). */
  runSql(database: string, sql: string, role: string): Promise<void>;
  setParameter(name: string, value: string): Promise<"applied" | "ignored">;
  stats(): Promise<ServerStats>;
  /** Stop and delete every file. */
  remove(): Promise<void>;
}

/** Quote a PostgreSQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a PostgreSQL string literal. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
