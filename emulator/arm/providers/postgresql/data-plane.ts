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
 *
 * Hooks that take time may return a Promise: the provider then keeps the ARM operation running
 * until it settles (Succeeded when it resolves, InternalServerError with its message when it
 * rejects), so an LRO reports Succeeded only once the real engine is there. Such hooks are
 * called again after a restart of the local Azure, so they must be idempotent.
 */

/** A Promise makes the operation wait for it; anything else (void) is ignored, so plain event listeners fit. */
export type DataPlaneResult = Promise<void> | unknown;

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
  /** Private access (delegated subnet): clients on loopback count as "inside the VNet". */
  privateAccess?: boolean;
  /** publicNetworkAccess Enabled (firewall rules decide who gets in). */
  publicNetworkAccess?: boolean;
  firewallRules?: { name: string; startIpAddress: string; endIpAddress: string }[];
  /**
   * Server parameters in effect as ARM reports them (name → value): every parameter ARM knows,
   * its SKU-dependent default or the changed value (static changes included before the restart
   * that applies them), e.g. max_connections, require_secure_transport.
   */
  parameters?: Record<string, string>;
  storageSizeGB?: number;
  skuName?: string;
}

export interface PostgresDataPlane {
  /**
   * Host name or IP clients connect to on port 5432; must resolve on this machine. Default: a
   * distinct loopback address per server (127.0.10.x), persisted with the ARM state.
   */
  hostFor?(server: { id: string; name: string }): string;
  /**
   * PostgreSQL majors this data plane can run ("16", "17"…). ARM refuses a create or a version
   * change to any other major (as Azure refuses versions it does not offer); without this hook
   * every version ARM knows is accepted (nothing runs them anyway).
   */
  versions?(): readonly string[];
  /** The administrator login/password were set (create, or a PATCH that changes the password). */
  credentialsSet?(server: PostgresServerInfo, password: string): void;
  /** The server is Ready (after create, start or update; also for Ready servers when the local Azure starts). */
  serverReady?(server: PostgresServerInfo): DataPlaneResult;
  /** The server was restarted (static parameters take effect); without this hook serverReady is called. */
  serverRestarted?(server: PostgresServerInfo): DataPlaneResult;
  serverStopped?(server: PostgresServerInfo): DataPlaneResult;
  serverDeleted?(serverId: string): DataPlaneResult;
  databaseCreated?(serverId: string, database: { name: string; charset: string; collation: string }): DataPlaneResult;
  databaseDeleted?(serverId: string, databaseName: string): DataPlaneResult;
  /** A server parameter changed (value as stored; static parameters apply after a restart). */
  configurationChanged?(serverId: string, name: string, value: string): DataPlaneResult;
  /** Firewall rules changed (the info carries the full list). */
  firewallRulesChanged?(server: PostgresServerInfo): DataPlaneResult;
}

/** No data plane: hosts are loopback addresses that nothing listens on yet. */
export const noDataPlane: PostgresDataPlane = {};
