import { describe, expect, it } from "vitest";
import { AuthError } from "./errors";
import { CONSOLE_ROLES, PERMISSIONS, ROLE_PERMISSIONS, consoleRoles, hasPermission, primaryRole, throwIfNoPermission, type Permission } from "./permissions";

const operatorMay: Permission[] = [
  "console.read", "audit.read", "operation.retry", "operation.cancel", "upgrade.plan", "upgrade.run",
  "workload.restart", "diagnostics.run", "database.cancelQuery", "sandbox.stop",
];

describe("permission matrix", () => {
  it("gives the admin every permission", () => {
    for (const p of PERMISSIONS) expect(hasPermission(["Console.Admin"], p)).toBe(true);
  });

  it("lets the operator run day-two work but not create, delete, set up, terminate backends or change settings", () => {
    for (const p of PERMISSIONS) expect(hasPermission(["Console.Operator"], p), p).toBe(operatorMay.includes(p));
    for (const p of ["environment.create", "environment.delete", "setup.run", "database.terminateBackend", "settings.write", "session.manage"] as const) {
      expect(hasPermission(["Console.Operator"], p), p).toBe(false);
    }
  });

  it("keeps moving the console (identity, role assignments) to the admin", () => {
    expect(hasPermission(["Console.Admin"], "console.move")).toBe(true);
    expect(hasPermission(["Console.Operator"], "console.move")).toBe(false);
    expect(hasPermission(["Console.Reader"], "console.move")).toBe(false);
    expect(() => throwIfNoPermission({ roles: ["Console.Operator"] }, "console.move")).toThrow(AuthError);
    expect(() => throwIfNoPermission({ roles: ["Console.Reader"] }, "console.move")).toThrow(/console\.move/);
  });

  it("keeps the reader to reading", () => {
    expect(PERMISSIONS.filter((p) => hasPermission(["Console.Reader"], p))).toEqual(["console.read", "audit.read"]);
  });

  it("grants nothing without a role, and unknown app roles are ignored", () => {
    expect(PERMISSIONS.some((p) => hasPermission([], p))).toBe(false);
    expect(consoleRoles(["Console.Superuser", "Console.Reader", "Admin"])).toEqual(["Console.Reader"]);
  });

  it("unions the permissions of several roles and badges the strongest", () => {
    expect(hasPermission(["Console.Reader", "Console.Operator"], "upgrade.run")).toBe(true);
    expect(primaryRole(["Console.Reader", "Console.Admin"])).toBe("Console.Admin");
    expect(primaryRole([])).toBeUndefined();
  });

  it("names only permissions that exist", () => {
    for (const role of CONSOLE_ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });

  it("throwIfNoPermission refuses with no_role or forbidden and a message naming the roles that may", () => {
    expect(() => throwIfNoPermission({ roles: [] }, "console.read")).toThrow(expect.objectContaining({ code: "no_role" }));
    try {
      throwIfNoPermission({ roles: ["Console.Reader"] }, "environment.delete");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).code).toBe("forbidden");
      expect((err as AuthError).message).toMatch(/environment\.delete.*Console\.Admin/);
    }
    expect(() => throwIfNoPermission({ roles: ["Console.Operator"] }, "upgrade.run")).not.toThrow();
  });
});
