/**
 * Cancel a query (Operator, Admin: `database.cancelQuery`) and terminate a backend (Admin only:
 * `database.terminateBackend`) on an environment's OpenHands database, as action definitions.
 * `actions.ts` binds them to the environment's database; tests bind them to their own server.
 * Audited as `database/<env>/backend/<pid>` with the statement's shape only (never its literals).
 */
import type pg from "pg";
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import { BackendSignalError, signalBackend, type BackendSignal, type SignalledBackend } from "@/lib/openhands/db-health/backends";

export interface BackendActionDeps {
  /** The environment's OpenHands database (`?env=` name, else the default environment); null when there is none. */
  database: (env: string | undefined) => Promise<{ environment: string; pool: pg.Pool } | null>;
  consoleApplicationNames?: readonly string[];
}

export interface BackendSignalled extends Omit<SignalledBackend, "auditQuery"> {
  environment: string;
}

const input = z.object({
  env: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, "env must be an environment name").optional(),
  pid: z.coerce.number().int("pid must be a whole number").positive("pid must be a backend's process id").max(2 ** 31 - 1, "pid is too large"),
  backendStart: z.iso.datetime({ message: "backendStart must be the backend's start time as shown (ISO 8601, UTC)" }),
});
type Input = z.output<typeof input>;

export function backendActions(deps: BackendActionDeps) {
  // Names the environment in the audit target even when the run failed before resolving it.
  const envOf = new WeakMap<Input, string>();
  const auditQueries = new WeakMap<BackendSignalled, string | null>();

  function define(signal: BackendSignal, name: string, permission: "database.cancelQuery" | "database.terminateBackend") {
    return {
      name,
      permission,
      input,
      audit: {
        action: name,
        target: (i: Input, r: BackendSignalled | undefined) => `database/${r?.environment ?? envOf.get(i) ?? i.env ?? "default"}/backend/${i.pid}`,
        changes: (i: Input, r: BackendSignalled | undefined) => ({
          backendStart: { old: i.backendStart },
          ...(r ? { user: { old: r.user }, application: { old: r.application }, queryStart: { old: r.queryStart }, query: { old: auditQueries.get(r) ?? null } } : {}),
        }),
      },
      run: async (_ctx, i) => {
        const db = await deps.database(i.env);
        if (!db) throw new ActionError("not_found", i.env ? `There is no environment named ${i.env}.` : "There is no environment yet: run setup first.");
        envOf.set(i, db.environment);
        let done: SignalledBackend;
        try {
          done = await signalBackend(db.pool, { pid: i.pid, backendStart: i.backendStart }, signal, { consoleApplicationNames: deps.consoleApplicationNames });
        } catch (err) {
          if (err instanceof BackendSignalError) throw new ActionError(err.code, err.message);
          throw err;
        }
        const { auditQuery, ...shown } = done;
        const result: BackendSignalled = { ...shown, environment: db.environment };
        auditQueries.set(result, auditQuery);
        return result;
      },
    } satisfies ActionDefinition<typeof input, BackendSignalled>;
  }

  return {
    cancel: define("cancel", "database.cancelQuery", "database.cancelQuery"),
    terminate: define("terminate", "database.terminateBackend", "database.terminateBackend"),
  };
}
