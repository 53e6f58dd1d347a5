/**
 * Storage account access keys (key1/key2): 64 random bytes, base64, as Azure issues them.
 * Keys are secrets, so they are not part of the account body that GETs answer; they live in the
 * provider's persisted state (`providerSetting`), keyed by account id, and leave only through
 * listKeys / regenerateKey. Nothing here logs them.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { idKey } from "../../core/paths";
import type { ArmEnvironment } from "../../core/types";

const SETTING = "Microsoft.Storage/accountKeys";

const keySchema = z.object({ value: z.string(), creationTime: z.string() });
const keysSchema = z.object({ key1: keySchema, key2: keySchema });
export type AccountKeys = z.infer<typeof keysSchema>;
const allKeysSchema = z.record(z.string(), keysSchema);

function load(env: ArmEnvironment): Record<string, AccountKeys> {
  const parsed = allKeysSchema.safeParse(env.store.providerSetting(SETTING) ?? {});
  return parsed.success ? parsed.data : {};
}

function newKey(now: string): { value: string; creationTime: string } {
  return { value: randomBytes(64).toString("base64"), creationTime: now };
}

export function issueKeys(env: ArmEnvironment, accountId: string): AccountKeys {
  const now = env.now().toISOString();
  const keys = { key1: newKey(now), key2: newKey(now) };
  env.store.setProviderSetting(SETTING, { ...load(env), [idKey(accountId)]: keys });
  return keys;
}

export function accountKeys(env: ArmEnvironment, accountId: string): AccountKeys {
  return load(env)[idKey(accountId)] ?? issueKeys(env, accountId);
}

export function regenerate(env: ArmEnvironment, accountId: string, keyName: "key1" | "key2"): AccountKeys {
  const keys = { ...accountKeys(env, accountId), [keyName]: newKey(env.now().toISOString()) };
  env.store.setProviderSetting(SETTING, { ...load(env), [idKey(accountId)]: keys });
  return keys;
}

export function forgetKeys(env: ArmEnvironment, accountIds: string[]): void {
  const all = load(env);
  for (const id of accountIds) delete all[idKey(id)];
  env.store.setProviderSetting(SETTING, all);
}

/** listKeys answer; Azure spells the permission "FULL" on the wire (the REST example says "Full"). */
export function keysAnswer(keys: AccountKeys): { keys: Array<{ keyName: string; value: string; permissions: string; creationTime: string }> } {
  return {
    keys: (["key1", "key2"] as const).map((keyName) => ({ keyName, value: keys[keyName].value, permissions: "FULL", creationTime: keys[keyName].creationTime })),
  };
}
