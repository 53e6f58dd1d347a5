/**
 * OpenHands' database migrations as the simulated app runs them: the chart's `migrate-db` init
 * container runs `alembic upgrade head` before the app starts, so a database created empty
 * through ARM (as on Azure) gets OpenHands' tables from the app, with the app's DB_USER as their
 * owner. Here `openhands-schema.sql` (the head revision, idempotent) stands in for alembic; it runs
 * once per database per process under an advisory lock, so replicas starting together do not race.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runOnDatabase, type DependencySettings } from "./app-readiness";

const SCHEMA = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "openhands-schema.sql"), "utf8");
/** Any fixed key: alembic's own lock is the `alembic_version` table, this one spans the whole run. */
const LOCK_KEY = 7_263_341;
const TIMEOUT_MS = 30_000;

export type Database = DependencySettings["db"];

export function migrationSql(): string {
  return `BEGIN;\nSELECT pg_advisory_xact_lock(${LOCK_KEY});\n${SCHEMA}\nCOMMIT;`;
}

/** Runs the migrations once per database (host, port, name, user); a failure is retried by the next caller. */
export class OpenHandsMigrations {
  private readonly done = new Map<string, Promise<void>>();

  constructor(private readonly run: (db: Database, sql: string) => Promise<void> = (db, sql) => runOnDatabase(db, sql, TIMEOUT_MS)) {}

  ensure(db: Database): Promise<void> {
    const key = JSON.stringify([db.host, db.port, db.database, db.user]);
    const existing = this.done.get(key);
    if (existing) return existing;
    const attempt = this.run(db, migrationSql());
    this.done.set(key, attempt);
    attempt.catch(() => this.done.delete(key));
    return attempt;
  }
}
