/**
 * THE permission matrix: which console app role may do what. Every server action and route
 * handler names one permission; nothing else in the code decides who may act.
 * Roles are Entra ID app roles of the console's API registration (token claim `roles`).
 */
import { AuthError } from "./errors";

export const CONSOLE_ROLES = ["Console.Admin", "Console.Operator", "Console.Reader"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const PERMISSIONS = [
  "console.read",
  "audit.read",
  "environment.create",
  "environment.delete",
  "setup.run",
  "operation.retry",
  "operation.cancel",
  "upgrade.plan",
  "upgrade.run",
  "workload.restart",
  "diagnostics.run",
  "database.cancelQuery",
  "database.terminateBackend",
  "sandbox.stop",
  "settings.write",
  // See and end anyone's console session (Settings → Sessions): Admin only.
  "session.manage",
  /** Move the console into an environment: its managed identity, role assignments, database, Deployment (Admin only). */
  "console.move",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ["console.read", "audit.read"];

/** Operators keep a running platform healthy; they do not create, delete or reconfigure it. */
const OPERATE: Permission[] = [
  ...READ,
  "operation.retry",
  "operation.cancel",
  "upgrade.plan",
  "upgrade.run",
  "workload.restart",
  "diagnostics.run",
  "database.cancelQuery",
  "sandbox.stop",
];

export const ROLE_PERMISSIONS: Readonly<Record<ConsoleRole, readonly Permission[]>> = {
  "Console.Admin": PERMISSIONS,
  "Console.Operator": OPERATE,
  "Console.Reader": READ,
};

/** What each role is for, in words shown on the access-denied page and in Settings. */
export const ROLE_DESCRIPTIONS: Readonly<Record<ConsoleRole, string>> = {
  "Console.Admin": "Everything: set up and delete environments, upgrade, operate, change settings.",
  "Console.Operator": "Day-two work: plan and run upgrades, restart workloads, run diagnostics, cancel queries, stop sandboxes, retry or cancel day-two operations (not setup).",
  "Console.Reader": "Read only: see every page and the audit log, change nothing.",
};

export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

/** Keeps only the roles the console knows; unknown app roles grant nothing. */
export function consoleRoles(values: readonly string[]): ConsoleRole[] {
  return CONSOLE_ROLES.filter((role) => values.includes(role));
}

export function hasPermission(roles: readonly ConsoleRole[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** The most powerful role held, for the role badge (roles are ordered Admin > Operator > Reader). */
export function primaryRole(roles: readonly ConsoleRole[]): ConsoleRole | undefined {
  return CONSOLE_ROLES.find((role) => roles.includes(role));
}

export function throwIfNoPermission(principal: { roles: readonly ConsoleRole[] }, permission: Permission): void {
  if (principal.roles.length === 0) throw new AuthError("no_role");
  if (!hasPermission(principal.roles, permission)) {
    throw new AuthError("forbidden", `Your role (${principal.roles.join(", ")}) does not allow "${permission}". ${rolesAllowing(permission)}`);
  }
}

function rolesAllowing(permission: Permission): string {
  const roles = CONSOLE_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
  return `Roles that may: ${roles.join(", ")}.`;
}
