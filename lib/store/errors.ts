/**
 * Typed errors of the console store. Callers branch on the class (or `code`), never on message
 * text; messages are written for an admin and never contain secrets.
 */

export class StoreError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that the store refuses before touching the database (nothing was changed). */
export class StoreValidationError extends StoreError {
  constructor(public readonly problems: string[]) {
    super("invalid_input", problems.join("; "));
  }
}

export class NotFoundError extends StoreError {
  constructor(kind: string, ref: string) {
    super("not_found", `${kind} ${ref} does not exist`);
  }
}

export class EnvironmentNameTakenError extends StoreError {
  constructor(public readonly environmentName: string) {
    super("environment_name_taken", `An environment named "${environmentName}" already exists; choose another name`);
  }
}

/** Optimistic concurrency: somebody changed the row since the caller read it. */
export class VersionConflictError extends StoreError {
  constructor(
    kind: string,
    ref: string,
    public readonly expectedVersion: number,
    public readonly currentVersion: number,
  ) {
    super(
      "version_conflict",
      `${kind} ${ref} was changed by someone else (you edited version ${expectedVersion}, it is now ${currentVersion}); reload and try again`,
    );
  }
}

/** Two operations on one environment never run at once (enforced by a unique index). */
export class OperationInProgressError extends StoreError {
  constructor(public readonly environmentId: string) {
    super("operation_in_progress", `Environment ${environmentId} already has an operation pending or running; wait for it to finish or cancel it`);
  }
}

/** A worker acted on a step whose lease it no longer holds (expired, reclaimed or canceled). */
export class LeaseLostError extends StoreError {
  constructor(
    public readonly stepId: string,
    public readonly owner: string,
  ) {
    super("lease_lost", `Step ${stepId} is no longer leased by ${owner}; stop working on it`);
  }
}

/** The operation is not in a state that allows the requested transition. */
export class OperationStateError extends StoreError {
  constructor(message: string) {
    super("invalid_operation_state", message);
  }
}

export class MigrationError extends StoreError {
  constructor(
    public readonly file: string,
    cause: unknown,
  ) {
    super("migration_failed", `Migration ${file} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.cause = cause;
  }
}

/** The migration folder and the database disagree (an applied file edited, a file out of order): nothing was applied. */
export class MigrationIntegrityError extends StoreError {
  constructor(
    public readonly file: string,
    message: string,
  ) {
    super("migration_integrity", message);
  }
}

/** PostgreSQL SQLSTATE of a driver error, if any. */
export function sqlState(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string") return err.code;
  return undefined;
}

/** Name of the violated constraint/index of a driver error, if any. */
export function violatedConstraint(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "constraint" in err && typeof err.constraint === "string") return err.constraint;
  return undefined;
}
