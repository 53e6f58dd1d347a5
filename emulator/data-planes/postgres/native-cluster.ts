/**
 * A real PostgreSQL cluster behind one flexible server: `initdb` once under the server's folder
 * (one data directory per major, `pgdata-<major>`, so a later major upgrade can keep the old one
 * beside the new), then `postgres` of that major as a child process listening on the server's
 * loopback address, port 5432, with TLS from the local CA and a pg_hba.conf written from the ARM
 * settings (hba.ts). ARM's effective server parameters live in `azure-parameters.conf`, which
 * postgresql.conf includes last, so the engine starts with ARM's values and a reload applies
 * changed dynamic ones (static ones wait for a restart, as on Azure). The data plane itself
 * connects as the bootstrap superuser `azuresu` (Azure's name for it) over the Unix socket
 * inside the folder; clients only over TCP with the administrator login.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { issueServerCert, type LocalCa } from "../../tls/local-ca";
import { assertAddressFree, runToCompletion, sleep, startEngine, type EngineProcess, type OsUser } from "../engine-process";
import { ident, literal, type NetworkSettings, type ServerEngine, type ServerParameters, type ServerStats } from "./engine";
import { pgHbaConf } from "./hba";
import { ensureTraversable, giveTo } from "./os-user";
import type { PostgresBinaries } from "./binaries";
import { writeParametersFile } from "./cluster-parameters";

export const SUPERUSER = "azuresu";
const PORT = 5432;
/**
 * Databases every Azure flexible server has besides `postgres` (ARM lists them too):
 * `azure_maintenance` (the service's own, closed to users) and `azure_sys` (Query Store).
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-servers#managing-your-server
 */
const AZURE_DATABASES = [
  { name: "azure_maintenance", public: false },
  { name: "azure_sys", public: true },
];


export interface NativeClusterOptions {
  dir: string;
  host: string;
  binaries: PostgresBinaries;
  user: OsUser | undefined;
  ca: LocalCa;
  log: (line: string) => void;
}

export class NativeCluster implements ServerEngine {
  readonly kind = "postgresql";
  readonly major: string;
  private process: EngineProcess | undefined;
  private readonly pgdata: string;
  private readonly socketDir: string;

  constructor(private readonly opts: NativeClusterOptions) {
    this.major = opts.binaries.major;
    this.pgdata = path.join(opts.dir, `pgdata-${this.major}`);
    // Unix socket paths are limited to ~107 bytes; long data folders get a short one in tmp.
    const inside = path.join(opts.dir, "run");
    this.socketDir = inside.length <= 90 ? inside : path.join(os.tmpdir(), `ohpg-${createHash("sha256").update(opts.dir).digest("hex").slice(0, 12)}`);
  }

  running(): boolean {
    return this.process !== undefined;
  }

  initialised(): boolean {
    return existsSync(path.join(this.pgdata, "PG_VERSION"));
  }

  private async initialise(): Promise<void> {
    if (this.initialised()) return;
    const { user, dir } = this.opts;
    mkdirSync(dir, { recursive: true });
    ensureTraversable(user, dir);
    giveTo(user, dir, 0o700);
    rmSync(this.pgdata, { recursive: true, force: true });
    await runToCompletion(this.opts.binaries.initdb, ["-D", this.pgdata, "-U", SUPERUSER, "--auth-local=trust", "--auth-host=reject", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], user ? { user } : {});
    // Included last, so ARM's values win over initdb's (max_connections = 100…).
    appendFileSync(path.join(this.pgdata, "postgresql.conf"), `\n# Server parameters as ARM has them (written by the local Azure)\ninclude_if_exists = ${literal(this.parametersFile())}\n`);
    this.opts.log(`postgres data plane: initialised a PostgreSQL ${this.major} cluster in ${this.pgdata}`);
    // Before per-major folders the cluster was the machine's major (15) in pgdata/: not carried over.
    if (existsSync(path.join(dir, "pgdata", "PG_VERSION"))) this.opts.log(`postgres data plane: ${path.join(dir, "pgdata")} (an older layout) is not used; delete it to free the space`);
  }

  private writeHba(network: NetworkSettings): string {
    const file = path.join(this.opts.dir, "pg_hba.conf");
    writeFileSync(file, pgHbaConf({ superuser: SUPERUSER, ...network }));
    giveTo(this.opts.user, file, 0o600);
    return file;
  }

  /** The server's certificate (its loopback address as IP SAN), copied where postgres may read its key. */
  private writeTls(): { cert: string; key: string } {
    const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(this.opts.host);
    const issued = issueServerCert(this.opts.ca, isIp ? { ips: [this.opts.host] } : { dns: [this.opts.host] });
    const tlsDir = path.join(this.opts.dir, "tls");
    mkdirSync(tlsDir, { recursive: true });
    giveTo(this.opts.user, tlsDir, 0o700);
    const cert = path.join(tlsDir, "server.crt");
    const key = path.join(tlsDir, "server.key");
    copyFileSync(issued.certFile, cert);
    copyFileSync(issued.keyFile, key);
    giveTo(this.opts.user, cert, 0o644);
    giveTo(this.opts.user, key, 0o600);
    return { cert, key };
  }

  /** A postmaster left over from a crashed local Azure would hold the address: end it. */
  private async endLeftover(): Promise<void> {
    const pidFile = path.join(this.pgdata, "postmaster.pid");
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!Number.isInteger(pid) || pid <= 1) return;
    try {
      process.kill(pid, "SIGINT");
    } catch {
      return; // not running
    }
    this.opts.log(`postgres data plane: stopping a leftover postmaster (pid ${pid}) of ${this.opts.dir}`);
    for (let i = 0; i < 100; i++) {
      await sleep(100);
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
    }
    process.kill(pid, "SIGKILL");
  }

  private parametersFile(): string {
    return path.join(this.opts.dir, "azure-parameters.conf");
  }

  /** ARM's parameters as the configuration file postgresql.conf includes; returns the names left out. */
  private writeParameters(parameters: ServerParameters): string[] {
    const { binaries, user, log, dir } = this.opts;
    return writeParametersFile({ file: this.parametersFile(), parameters, binaries, user, log: (line) => log(`postgres data plane: ${path.basename(dir)}: ${line}`) });
  }

  async start(network: NetworkSettings, parameters: ServerParameters): Promise<void> {
    if (this.process) return this.applyNetwork(network);
    await this.initialise();
    this.writeParameters(parameters);
    await this.endLeftover();
    await assertAddressFree(this.opts.host, PORT);
    mkdirSync(this.socketDir, { recursive: true });
    giveTo(this.opts.user, this.socketDir, 0o700);
    const hba = this.writeHba(network);
    const tls = this.writeTls();
    const proc = startEngine(
      this.opts.binaries.postgres,
      [
        "-D", this.pgdata,
        "-c", `listen_addresses=${this.opts.host}`,
        "-c", `port=${PORT}`,
        "-c", `unix_socket_directories=${this.socketDir}`,
        "-c", `hba_file=${hba}`,
        "-c", "ssl=on",
        "-c", `ssl_cert_file=${tls.cert}`,
        "-c", `ssl_key_file=${tls.key}`,
      ],
      { deathSignal: "SIGINT", ...(this.opts.user ? { user: this.opts.user } : {}) },
    );
    this.process = proc;
    void proc.exited.then((code) => {
      if (this.process === proc) {
        this.process = undefined;
        this.opts.log(`postgres data plane: the postgres of ${path.basename(this.opts.dir)} exited (code ${String(code)})`);
      }
    });
    await this.waitUntilAccepting(proc);
    await this.ensureAzureDatabases();
  }

  private async ensureAzureDatabases(): Promise<void> {
    for (const db of AZURE_DATABASES) {
      const exists = await this.query("postgres", `select 1 from pg_database where datname = ${literal(db.name)}`);
      if (exists.length > 0) continue;
      await this.query("postgres", `create database ${ident(db.name)}`);
      if (!db.public) await this.query("postgres", `revoke connect on database ${ident(db.name)} from public`);
    }
  }

  private async waitUntilAccepting(proc: EngineProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    let exited = false;
    void proc.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) {
        this.process = undefined;
        throw new Error(`PostgreSQL for ${this.opts.host}:${PORT} did not start: ${proc.output()}`);
      }
      try {
        await this.query("postgres", "select 1");
        return;
      } catch {
        await sleep(100);
      }
    }
    await this.stop();
    throw new Error(`PostgreSQL for ${this.opts.host}:${PORT} did not accept connections within 60 s: ${proc.output()}`);
  }

  async stop(): Promise<void> {
    const proc = this.process;
    this.process = undefined;
    await proc?.stop("SIGINT", 15_000);
  }

  async applyNetwork(network: NetworkSettings): Promise<void> {
    this.writeHba(network);
    if (this.process) await this.query("postgres", "select pg_reload_conf()");
  }

  private async query<T extends pg.QueryResultRow = pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
    const client = new pg.Client({ host: this.socketDir, port: PORT, user: SUPERUSER, database, application_name: "azure-data-plane" });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  async setAdministrator(login: string, verifier: string | undefined): Promise<void> {
    const role = ident(login);
    const exists = await this.query("postgres", `select 1 from pg_roles where rolname = ${literal(login)}`);
    // Azure's administrator is not a superuser: it may create databases and roles and read stats.
    if (exists.length === 0) {
      await this.query("postgres", `create role ${role} login createdb createrole`);
      await this.query("postgres", `do $$ begin if not exists (select 1 from pg_roles where rolname = 'azure_pg_admin') then create role azure_pg_admin nologin; end if; end $$`);
      await this.query("postgres", `grant azure_pg_admin, pg_monitor, pg_signal_backend to ${role}`);
    }
    if (verifier) await this.query("postgres", `alter role ${role} password ${literal(verifier)}`);
  }

  async createDatabase(name: string, charset: string, collation: string, owner: string): Promise<void> {
    const exists = await this.query("postgres", `select 1 from pg_database where datname = ${literal(name)}`);
    if (exists.length > 0) return;
    const locale = await this.localeFor(charset, collation);
    await this.query("postgres", `create database ${ident(name)} owner ${ident(owner)} encoding ${literal(charset)} lc_collate ${literal(locale)} lc_ctype ${literal(locale)} template template0`);
  }

  /** Azure's collations (en_US.utf8…) exist here only when the machine has that locale. */
  private async localeFor(charset: string, collation: string): Promise<string> {
    const utf8 = charset.toUpperCase() === "UTF8";
    const known = await this.query<{ collname: string }>("postgres", `select collname from pg_collation where lower(collname) = lower(${literal(collation)}) and collprovider = 'c'`);
    if (known[0] && utf8) return known[0].collname;
    const fallback = utf8 ? "C.UTF-8" : "C";
    if (collation !== fallback) this.opts.log(`postgres data plane: collation ${collation} is not available on this machine; using ${fallback}`);
    return fallback;
  }

  async dropDatabase(name: string): Promise<void> {
    await this.query("postgres", `drop database if exists ${ident(name)} with (force)`);
  }

  async applyParameters(parameters: ServerParameters): Promise<string[]> {
    const ignored = this.writeParameters(parameters);
    if (this.process) await this.query("postgres", "select pg_reload_conf()");
    return ignored;
  }

  async stats(): Promise<ServerStats> {
    const rows = await this.query<{ connections: string; bytes: string }>(
      "postgres",
      `select (select count(*) from pg_stat_activity where backend_type = 'client backend' and application_name <> 'azure-data-plane') as connections,
              (select coalesce(sum(pg_database_size(oid)), 0) from pg_database where datallowconn) as bytes`,
    );
    return { connections: Number(rows[0]?.connections ?? 0), databaseBytes: Number(rows[0]?.bytes ?? 0) };
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.opts.dir, { recursive: true, force: true });
    if (!this.socketDir.startsWith(this.opts.dir)) rmSync(this.socketDir, { recursive: true, force: true });
  }
}
