/**
 * Fixed identifiers of one local stack: tenant, subscription, app registrations and their
 * secrets. Generated on first start and kept in <dataDir>/identity.json so tokens, persisted
 * ARM resource ids and poller state stay valid across restarts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";

const appSchema = z.object({ clientId: z.string().uuid(), clientSecret: z.string().min(16), objectId: z.string().uuid() });

export const stackIdentitySchema = z.object({
  tenantId: z.string().uuid(),
  subscriptionId: z.string().uuid(),
  /** Public SPA client of the console (MSAL in the browser). */
  spaClientId: z.string().uuid(),
  /** Application ID URI of the console's API; SPA access tokens carry it as `aud`. */
  apiAudience: z.string(),
  /** The console server's own identity towards ARM (client credentials). */
  consoleApp: appSchema,
  /** A service principal for scripts and tests that use @azure/identity directly (Owner). */
  automationApp: appSchema,
  /** Demo users' object ids, stable across restarts. */
  users: z.record(z.string(), z.string().uuid()),
});
export type StackIdentity = z.infer<typeof stackIdentitySchema>;

export interface DemoUser {
  key: "admin" | "operator" | "reader" | "norole";
  username: string;
  name: string;
  roles: string[];
  /** Role on the subscription in the local ARM (Owner/Contributor/Reader/none). */
  armRole: "Owner" | "Contributor" | "Reader" | null;
}

export const DEMO_USERS: DemoUser[] = [
  { key: "admin", username: "admin@contoso.test", name: "Ada Admin", roles: ["Console.Admin"], armRole: "Owner" },
  { key: "operator", username: "operator@contoso.test", name: "Oscar Operator", roles: ["Console.Operator"], armRole: "Contributor" },
  { key: "reader", username: "reader@contoso.test", name: "Rita Reader", roles: ["Console.Reader"], armRole: "Reader" },
  { key: "norole", username: "norole@contoso.test", name: "Nico Norole", roles: [], armRole: null },
];

function newApp() {
  return { clientId: randomUUID(), clientSecret: randomBytes(24).toString("base64url"), objectId: randomUUID() };
}

export function loadOrCreateStackIdentity(dataDir: string): StackIdentity {
  const file = path.resolve(dataDir, "identity.json");
  if (existsSync(file)) return stackIdentitySchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const identity: StackIdentity = {
    tenantId: randomUUID(),
    subscriptionId: randomUUID(),
    spaClientId: randomUUID(),
    apiAudience: "api://openhands-console",
    consoleApp: newApp(),
    automationApp: newApp(),
    users: Object.fromEntries(DEMO_USERS.map((u) => [u.key, randomUUID()])),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(identity, null, 2), { mode: 0o600 });
  return identity;
}
