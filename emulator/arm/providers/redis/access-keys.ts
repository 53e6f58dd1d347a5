/**
 * Access keys of caches: 32 random bytes in base64 (44 characters, like Azure's), kept in the
 * ARM's persisted provider state rather than in the resource body, so no GET or list answer
 * can carry them. Only create (201 body, as Azure), listKeys and regenerateKey return them.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { idKey } from "../../core/paths";
import type { ArmEnvironment } from "../../core/types";

const SETTING = "Microsoft.Cache/redis/accessKeys";
const keysSchema = z.object({ primaryKey: z.string(), secondaryKey: z.string() });
const allSchema = z.record(z.string(), keysSchema);
export type AccessKeys = z.infer<typeof keysSchema>;

function newKey(): string {
  return randomBytes(32).toString("base64");
}

function all(env: ArmEnvironment): Record<string, AccessKeys> {
  const parsed = allSchema.safeParse(env.store.providerSetting(SETTING));
  return parsed.success ? { ...parsed.data } : {};
}

export function keysOf(env: ArmEnvironment, cacheId: string): AccessKeys {
  const keys = all(env);
  const existing = keys[idKey(cacheId)];
  if (existing) return existing;
  const created = { primaryKey: newKey(), secondaryKey: newKey() };
  keys[idKey(cacheId)] = created;
  env.store.setProviderSetting(SETTING, keys);
  return created;
}

export function regenerate(env: ArmEnvironment, cacheId: string, keyType: "Primary" | "Secondary"): AccessKeys {
  const current = keysOf(env, cacheId);
  const next = keyType === "Primary" ? { ...current, primaryKey: newKey() } : { ...current, secondaryKey: newKey() };
  env.store.setProviderSetting(SETTING, { ...all(env), [idKey(cacheId)]: next });
  return next;
}

export function forgetKeys(env: ArmEnvironment, cacheId: string): void {
  const keys = all(env);
  if (!(idKey(cacheId) in keys)) return;
  delete keys[idKey(cacheId)];
  env.store.setProviderSetting(SETTING, keys);
}
