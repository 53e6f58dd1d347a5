/**
 * Secrets the console makes itself (PostgreSQL admin password, OpenHands JWT secret). They are
 * derived, not stored: HMAC-SHA256 of (environment id, name) under SECRETS_KEY, so the Azure step
 * that creates the server and the later deploy step that writes the Kubernetes secret get the same
 * value without it ever being in the store, a log or the plan. Whoever holds SECRETS_KEY can
 * already open the wizard's sealed secrets; rotating the key means resetting these (a PATCH).
 */
import { createHmac } from "node:crypto";

export const GENERATED_SECRET_NAMES = ["postgresAdminPassword", "jwtSecret"] as const;
export type GeneratedSecret = (typeof GENERATED_SECRET_NAMES)[number];

export function isGeneratedSecret(name: string): name is GeneratedSecret {
  return (GENERATED_SECRET_NAMES as readonly string[]).includes(name);
}

export function derivedSecret(key: Buffer, environmentId: string, name: GeneratedSecret): string {
  const mac = createHmac("sha256", key).update(`openhands-console:${environmentId}:${name}`).digest("base64url");
  // PostgreSQL wants 3 of 4 character classes: a fixed prefix/suffix guarantees upper, lower, digit.
  return name === "postgresAdminPassword" ? `Oh${mac.replace(/[-_]/g, "x").slice(0, 30)}9` : mac;
}
