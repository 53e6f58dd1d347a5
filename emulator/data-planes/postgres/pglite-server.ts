/**
 * The fallback engine when the machine has no PostgreSQL binaries: PGlite served over the wire
 * protocol on the server's host:5432 (pglite-socket, with the extended-protocol guard of
 * lib/store). Limits, stated in the README and the start log: no TLS, any password is accepted,
 * firewall rules and parameters have no effect, and every database name reaches the same single
 * database. It is one major only (PGlite's own, PGLITE_MAJOR): ARM refuses other versions.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { guardExtendedProtocol } from "@/lib/store/pglite-protocol-guard";
import { assertAddressFree } from "../engine-process";
import { ident, type ServerEngine, type ServerStats } from "./engine";

/** The PostgreSQL major of the pinned @electric-sql/pglite (0.5.x answers `server_version` 18.x). */
export const PGLITE_MAJOR = "18";

export class PgliteServer implements ServerEngine {
  readonly kind = "pglite";
  readonly major = PGLITE_MAJOR;
  private db: PGlite | undefined;
  private server: PGLiteSocketServer | undefined;

  constructor(private readonly opts: { dir: string; host: string; log: (line: string) => void }) {}

  running(): boolean {
    return this.server !== undefined;
  }

  initialised(): boolean {
    return existsSync(path.join(this.opts.dir, "pglite"));
  }

  async start(): Promise<void> {
    if (this.server) return;
    await assertAddressFree(this.opts.host, 5432);
    const dataDir = path.join(this.opts.dir, "pglite");
    mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create({ dataDir });
    const server = new PGLiteSocketServer({ db: guardExtendedProtocol(db), host: this.opts.host, port: 5432, maxConnections: 20 });
    try {
      await server.start();
    } catch (err) {
      await db.close();
      throw err;
    }
    this.db = db;
    this.server = server;
  }

  async stop(): Promise<void> {
    const { server, db } = this;
    this.server = undefined;
    this.db = undefined;
    await server?.stop();
    await db?.close();
  }

  async applyNetwork(): Promise<void> {
    // PGlite has no pg_hba: every local client gets in (documented).
  }

  private requireDb(): PGlite {
    if (!this.db) throw new Error("the PGlite server is not running");
    return this.db;
  }

  async setAdministrator(login: string): Promise<void> {
    const db = this.requireDb();
    const found = await db.query("select 1 from pg_roles where rolname = $1", [login]);
    if (found.rows.length === 0) await db.exec(`create role ${ident(login)} login createdb createrole`);
    // PGlite's only database belongs to its superuser: let the administrator own what it creates there.
    await db.exec(`grant all on schema public to ${ident(login)}`);
  }

  async createDatabase(name: string): Promise<void> {
    this.opts.log(`postgres data plane (PGlite): database ${name} shares the server's single database`);
  }

  async dropDatabase(): Promise<void> {}

  async applyParameters(parameters: Record<string, string>): Promise<string[]> {
    return Object.keys(parameters);
  }

  async stats(): Promise<ServerStats> {
    const db = this.requireDb();
    const size = await db.query<{ bytes: string }>("select pg_database_size(current_database()) as bytes");
    return { connections: this.server?.getStats().activeConnections ?? 0, databaseBytes: Number(size.rows[0]?.bytes ?? 0) };
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.opts.dir, { recursive: true, force: true });
  }
}
