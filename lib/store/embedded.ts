/**
 * Embedded console store: PGlite (PostgreSQL in wasm) with its data under <dataDir>/pglite,
 * served over the PostgreSQL wire protocol by pglite-socket, so the console uses the same `pg`
 * driver as against a real server. One backend serves every connection: see README.md.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { guardExtendedProtocol } from "./pglite-protocol-guard";

export interface EmbeddedPostgres {
  /** postgres://postgres@host:port/postgres (PGlite accepts any user/password). */
  url: string;
  /** Stops accepting connections, then closes PGlite so its data is flushed to disk. */
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    public readonly host: string,
    public readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use; stop the other process or set PGLITE_PORT to a free port`);
    this.name = "PortInUseError";
  }
}

/** Fails fast with PortInUseError before the ~3 s wasm start, instead of after it. */
async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => reject(err.code === "EADDRINUSE" ? new PortInUseError(host, port) : err));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  host?: string;
  maxConnections?: number;
}): Promise<EmbeddedPostgres> {
  const host = opts.host ?? "127.0.0.1";
  await assertPortFree(host, opts.port);
  const pgliteDir = path.join(opts.dataDir, "pglite");
  await mkdir(pgliteDir, { recursive: true });
  const db = await PGlite.create({ dataDir: pgliteDir });
  const server = new PGLiteSocketServer({
    db: guardExtendedProtocol(db),
    port: opts.port,
    host,
    // The default is 1: a second client (a script, the launcher's health check) would be refused.
    maxConnections: Math.max(10, opts.maxConnections ?? 20),
  });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw new PortInUseError(host, opts.port);
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${host}:${opts.port}/postgres`,
    close() {
      closing ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return closing;
    },
  };
}
