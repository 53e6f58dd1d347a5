/**
 * An environment's database health, wired to where it lives: the OpenHands database through
 * `openhandsDatabase(target)` (host and login from ARM, derived password) and the flexible server's
 * ARM state through `environmentArm(target)`. The page, the polling route and the overview use this.
 */
import type pg from "pg";
import type { ArmClients } from "@/lib/azure/clients";
import { environmentArm, openhandsDatabase } from "@/lib/environments/data-plane";
import type { EnvironmentTarget } from "@/lib/environments/target";
import { databaseRules } from "@/lib/openhands/db-health/rules";
import { databaseHealth, unreachableReport, withTimeout, type DatabaseHealthOptions } from "./index";
import { readServerSnapshot } from "./server";
import type { DatabaseHealthReport } from "./types";

export interface EnvironmentConnections {
  arm?: ArmClients;
  secretsKey?: Buffer;
}

export async function environmentDatabaseHealth(target: EnvironmentTarget, opts: Omit<DatabaseHealthOptions, "server"> & EnvironmentConnections = {}): Promise<DatabaseHealthReport> {
  const started = Date.now();
  const arm = opts.arm ?? environmentArm(target);
  const server = () => readServerSnapshot(arm.postgres, target.resourceGroup, target.names.postgresServer);
  let pool: pg.Pool;
  try {
    pool = await openhandsDatabase(target, { arm, secretsKey: opts.secretsKey });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return unreachableReport(message, await withTimeout(server, databaseRules(opts.rules).armTimeoutMs), started);
  }
  return databaseHealth(pool, { ...opts, server });
}

/** The environment's database for cancel/terminate: its name (for the audit target) and its pool. */
export async function environmentDatabase(target: EnvironmentTarget | null): Promise<{ environment: string; pool: pg.Pool } | null> {
  if (!target) return null;
  return { environment: target.environment.name, pool: await openhandsDatabase(target) };
}
