/**
 * The seam between the ARM control plane of PostgreSQL flexible servers and whatever serves
 * the data plane (a real PostgreSQL, PGlite, or nothing). The provider calls these hooks as
 * servers, databases and parameters change; a later engineer backs each server with a real
 * database by passing an implementation as `ProviderHooks.postgresDataPlane`.
 *
 * Rules for implementers: hooks run synchronously inside the ARM request or operation
 * completion, so start slow work in the background and never throw for it. The administrator
 * password is handed over ONLY in `credentialsSet` (on the accepted PUT/PATCH); ARM never
 * persists it, so a data plane that needs it after a restart must keep it itself (securely).
 */

export interface PostgresServerInfo {
  /** ARM id, canonical spelling. */
  id: string;
  name: string;
  location: string;
  /** Major version, e.g. "16". */
  version: string;
  administratorLogin: string;
  /** The host the server answers on (fullyQualifiedDomainName). */
  host: string;
}

export interface PostgresDataPlane {
  /**
   * Host name or IP clients connect to on port 5432; must resolve on this machine. Default: a
   * distinct loopback address per server (127.0.10.x), persisted with the ARM state.
   */
  hostFor?(server: { id: string; name: string }): string;
  /** The administrator login/password were set (create, or a PATCH that changes the password). */
  credentialsSet?(server: PostgresServerInfo, password: string): void;
  /** The server is Ready (after create, start, restart or update). */
  serverReady?(server: PostgresServerInfo): void;
  serverStopped?(server: PostgresServerInfo): void;
  serverDeleted?(serverId: string): void;
  databaseCreated?(serverId: string, database: { name: string; charset: string; collation: string }): void;
  databaseDeleted?(serverId: string, databaseName: string): void;
  /** A server parameter changed (value as stored; static parameters apply after a restart). */
  configurationChanged?(serverId: string, name: string, value: string): void;
}

/** No data plane: hosts are loopback addresses that nothing listens on yet. */
export const noDataPlane: PostgresDataPlane = {};
