/** Demo users of the local Entra, one stored login state per role. */
export const ROLES = {
  admin: { username: "admin@contoso.test", name: "Ada Admin", role: "Console.Admin" },
  operator: { username: "operator@contoso.test", name: "Oscar Operator", role: "Console.Operator" },
  reader: { username: "reader@contoso.test", name: "Rita Reader", role: "Console.Reader" },
} as const;
export type RoleKey = keyof typeof ROLES;

export const NO_ROLE_USER = { username: "norole@contoso.test", name: "Nico Norole" } as const;

export const authFile = (role: RoleKey) => `e2e/.auth/${role}.json`;
