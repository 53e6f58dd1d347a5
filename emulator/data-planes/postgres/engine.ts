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

/** Server parameters as ARM has them in effect (name → value, every parameter ARM knows). */
export type ServerParameters = Record<string, string>;

export interface ServerEngine {
  readonly kind: "postgresql" | "pglite";
  /** The PostgreSQL major this engine runs ("17"). */
  readonly major: string;
  running(): boolean;
  /** The engine's data exists (initialised before). */
  initialised(): boolean;
  /**
   * Initialise on first use, then start listening on host:5432 with ARM's parameters; resolves
   * once clients can connect.
   */
  start(network: NetworkSettings, parameters: ServerParameters): Promise<void>;
  stop(): Promise<void>;
  /** Firewall rules / TLS requirement changed. */
  applyNetwork(network: NetworkSettings): Promise<void>;
  /** Create or update the administrator role; `verifier` is a SCRAM verifier (no plaintext). */
  setAdministrator(login: string, verifier: string | undefined): Promise<void>;
  createDatabase(name: string, charset: string, collation: string, owner: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /**
   * ARM's parameters changed: the engine's configuration follows and is reloaded (static ones
   * take effect at the next start). Returns the names the engine does not have.
   */
  applyParameters(parameters: ServerParameters): Promise<string[]>;
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
