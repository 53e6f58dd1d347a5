/**
 * The embedded server itself: the process entry (ready line, persistence across restart, clean
 * stop, busy port), and the single-backend facts the README's pool advice rests on.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

const SCRIPT_PORT = 15436;
const GUARDED_PORT = 15437;
const RAW_PORT = 15438;

const children = new Set<ChildProcessWithoutNullStreams>();

function startScript(dataDir: string): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; exited: Promise<number | null> } {
  // node itself (not npx) so the signals the test sends reach the server process.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/embedded-postgres.ts"], {
    env: { ...process.env, LOCAL_STACK_DIR: dataDir, PGLITE_PORT: String(SCRIPT_PORT) },
  });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor(check: () => boolean, what: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("scripts/embedded-postgres.ts", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "store-embedded-"));
  });
  afterAll(async () => {
    // A failed assertion must not leave a server behind.
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  // Fresh PGlite runs initdb in wasm: 3 s on an idle machine, 20+ s on a busy one.
  it("serves, refuses a second instance on the same port, stops on SIGTERM and keeps data across restarts", async () => {
    const first = startScript(dataDir);
    await waitFor(() => first.out().includes("embedded PostgreSQL ready at"), "ready line");
    expect(first.out()).toContain(`embedded PostgreSQL ready at postgres://postgres@127.0.0.1:${SCRIPT_PORT}/postgres`);

    const url = `postgres://postgres@127.0.0.1:${SCRIPT_PORT}/postgres`;
    const c1 = new pg.Client({ connectionString: url });
    await c1.connect();
    await c1.query("CREATE TABLE kept (v text)");
    await c1.query("INSERT INTO kept VALUES ($1)", ["survives restart"]);
    await c1.end();

    const second = startScript(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.err().trim()).toBe(
      `embedded PostgreSQL: port ${SCRIPT_PORT} on 127.0.0.1 is already in use; stop the other process or set PGLITE_PORT to a free port`,
    );

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.err()).toBe("");

    const again = startScript(dataDir);
    try {
      await waitFor(() => again.out().includes("ready at"), "ready line after restart");
      const c2 = new pg.Client({ connectionString: url });
      await c2.connect();
      expect((await c2.query("SELECT v FROM kept")).rows).toEqual([{ v: "survives restart" }]);
      await c2.end();
    } finally {
      again.child.kill("SIGINT");
      expect(await again.exited).toBe(0);
    }
  }, 240_000);
});

/** Sends Parse for an unnamed statement on a raw socket and stops before Bind/Sync. */
async function halfParsedClient(port: number, sql: string) {
  const msg = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0);
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const cstr = (s: string) => Buffer.from(`${s}\0`);
  const sock = net.connect(port, "127.0.0.1");
  let received = Buffer.alloc(0);
  sock.on("data", (d: Buffer) => (received = Buffer.concat([received, d])));
  await new Promise((r) => sock.once("connect", r));
  const startup = Buffer.concat([Buffer.from([0, 3, 0, 0]), cstr("user"), cstr("postgres"), cstr("database"), cstr("postgres"), Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(startup.length + 4);
  sock.write(Buffer.concat([len, startup]));
  await waitFor(() => received.includes(Buffer.from("Z\0\0\0\x05I")), "startup ReadyForQuery", 10_000);
  received = Buffer.alloc(0);
  sock.write(msg("P", Buffer.concat([cstr(""), cstr(sql), Buffer.from([0, 0])])));
  await new Promise((r) => setTimeout(r, 200));
  return {
    /** Bind + Execute + Sync; resolves with what the server answered, as text. */
    async finish(): Promise<string> {
      sock.write(Buffer.concat([msg("B", Buffer.concat([cstr(""), cstr(""), Buffer.from([0, 0, 0, 0, 0, 0])])), msg("E", Buffer.concat([cstr(""), Buffer.from([0, 0, 0, 0])])), msg("S", Buffer.alloc(0))]));
      await waitFor(() => received.includes(Buffer.from("Z\0\0\0\x05")), "ReadyForQuery", 10_000);
      sock.destroy();
      return received.toString("latin1");
    },
  };
}

describe("one PGlite backend behind many connections", () => {
  let guarded: EmbeddedPostgres;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "store-embedded-"));
    guarded = await startEmbeddedPostgres({ dataDir, port: GUARDED_PORT });
  });
  afterAll(async () => {
    await guarded?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("upstream pglite-socket alone lets another connection replace a half-sent statement (why the guard exists)", async () => {
    const db = await PGlite.create();
    const raw = new PGLiteSocketServer({ db, port: RAW_PORT, host: "127.0.0.1", maxConnections: 5 });
    await raw.start();
    try {
      const a = await halfParsedClient(RAW_PORT, "SELECT 'from A' AS who");
      const b = new pg.Client({ host: "127.0.0.1", port: RAW_PORT, user: "postgres", database: "postgres" });
      await b.connect();
      expect((await b.query("SELECT $1::text AS who", ["from B"])).rows).toEqual([{ who: "from B" }]);
      await b.end();
      // A's Bind hit B's statement: if this starts failing, upstream fixed it; revisit the guard.
      expect(await a.finish()).toContain("bind message supplies 0 parameters, but prepared statement \"\" requires 1");
    } finally {
      await raw.stop();
      await db.close();
    }
  });

  it("our server keeps a client's Parse … Sync together; others wait their turn", async () => {
    const a = await halfParsedClient(GUARDED_PORT, "SELECT 'from A' AS who");
    const b = new pg.Client({ connectionString: guarded.url });
    const bResult = b.connect().then(() => b.query("SELECT $1::text AS who", ["from B"]));
    await new Promise((r) => setTimeout(r, 300));
    const answer = await a.finish();
    expect(answer).toContain("from A");
    expect(answer).not.toContain("ERROR");
    expect((await bResult).rows).toEqual([{ who: "from B" }]);
    await b.end();
  });

  it("a transaction on one connection holds every other connection until it ends", async () => {
    const pool = new pg.Pool({ connectionString: guarded.url, max: 2 });
    try {
      await pool.query("CREATE TABLE counter (v int); INSERT INTO counter VALUES (0)");
      const a = await pool.connect();
      await a.query("BEGIN");
      await a.query("UPDATE counter SET v = v + 1");
      let bDone = false;
      const b = pool.query<{ v: number }>("SELECT v FROM counter").then((r) => ((bDone = true), r.rows[0]?.v));
      await new Promise((r) => setTimeout(r, 400));
      expect(bDone).toBe(false); // on real PostgreSQL B would have read 0 at once
      await a.query("COMMIT");
      expect(await b).toBe(1);
      a.release();
    } finally {
      await pool.end();
    }
  });

  it("all connections share one session: an advisory lock excludes nobody", async () => {
    const c1 = new pg.Client({ connectionString: guarded.url });
    const c2 = new pg.Client({ connectionString: guarded.url });
    await c1.connect();
    await c2.connect();
    try {
      await c1.query("SELECT pg_advisory_lock(42)");
      expect((await c2.query<{ got: boolean }>("SELECT pg_try_advisory_lock(42) AS got")).rows[0]?.got).toBe(true);
      await c2.query("SELECT pg_advisory_unlock(42)");
      await c1.query("SELECT pg_advisory_unlock(42)");
    } finally {
      await c1.end();
      await c2.end();
    }
  });
});
