/**
 * Test helper: a throwaway PostgreSQL cluster with password (SCRAM) authentication, so a wrong
 * DB_PASS really fails (the machine's shared server on 5432 trusts every login). Integration tests only.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { findPostgresInstallations } from "../data-planes/postgres/binaries";
import { ensureTraversable } from "../data-planes/postgres/os-user";

export interface TestPostgres {
  port: number;
  password: string;
  close(): Promise<void>;
}

export async function startPasswordPostgres(port: number, password = "correct-horse"): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sim-pg-"));
  const data = path.join(dir, "data");
  writeFileSync(path.join(dir, "pw"), password);
  // PostgreSQL refuses to run as root: run it as the machine's postgres user then (uid/gid from `id postgres`).
  const user = process.getuid?.() === 0 ? await postgresUser() : undefined;
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(path.join(dir, "pw"), user.uid, user.gid);
  }
  // The npm PostgreSQL 17 (package.json), so a clean machine needs no system installation.
  const binaries = findPostgresInstallations().get("17");
  if (!binaries) throw new Error("PostgreSQL 17 binaries (npm pg17) are not installed: run npm ci");
  if (user) ensureTraversable({ ...user, name: "postgres" }, binaries.postgres);
  await promisify(execFile)(binaries.initdb, ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${path.join(dir, "pw")}`, "-E", "UTF8", "--no-sync"], { ...user });
  const proc: ChildProcess = spawn(binaries.postgres, ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`, "-c", "fsync=off"], { stdio: "ignore", ...user });
  const end = Date.now() + 20_000;
  for (;;) {
    const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (err) {
      await c.end().catch(() => {});
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    port,
    password,
    async close() {
      proc.kill("SIGINT");
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
  return { uid, gid };
}
