/**
 * Storage account names are unique across all of Azure. Locally a name is taken when any
 * stored account (any subscription, any group) has it, or when it is on the reserved list that
 * stands for other customers' accounts (a few well-known names by default; tests and demos
 * change it through the control API: GET/PUT /_emulator/providers/Microsoft.Storage/reservedNames
 * with `{ "names": [...] }`).
 */
import { z } from "zod";
import type { ArmEnvironment, ArmResponse, ControlRoute } from "../../core/types";
import { isValidAccountName } from "./names";

const SETTING = "Microsoft.Storage/reservedNames";
export const DEFAULT_RESERVED_NAMES = ["storage", "test", "backup", "openhands", "mystorageaccount"];

const namesSchema = z.object({ names: z.array(z.string()).max(10_000) }).strict();

export function reservedNames(env: ArmEnvironment): string[] {
  const parsed = z.array(z.string()).safeParse(env.store.providerSetting(SETTING));
  return parsed.success ? parsed.data : DEFAULT_RESERVED_NAMES;
}

/** The stored account that has this name, in any subscription and group. */
export function accountNamed(env: ArmEnvironment, name: string): { id: string } | undefined {
  const wanted = name.toLowerCase();
  return env.store
    .all()
    .find((r) => String(r.body.type).toLowerCase() === "microsoft.storage/storageaccounts" && String(r.body.name).toLowerCase() === wanted);
}

export function isNameTaken(env: ArmEnvironment, name: string): boolean {
  return accountNamed(env, name) !== undefined || reservedNames(env).includes(name.toLowerCase());
}

function refusal(code: string, message: string): ArmResponse {
  return { status: 400, body: { error: { code, message } } };
}

export const reservedNameControl: ControlRoute[] = [
  { method: "GET", path: "reservedNames", handle: (_body, env) => ({ status: 200, body: { names: reservedNames(env) } }) },
  {
    method: "PUT",
    path: "reservedNames",
    handle: (body, env) => {
      const parsed = namesSchema.safeParse(body);
      if (!parsed.success) return refusal("InvalidRequestContent", `Expected { "names": string[] }: ${parsed.error.issues[0]?.message ?? "invalid"}.`);
      const bad = parsed.data.names.filter((n) => !isValidAccountName(n));
      if (bad.length > 0) return refusal("AccountNameInvalid", `Not valid storage account names: ${bad.join(", ")}.`);
      env.store.setProviderSetting(SETTING, parsed.data.names);
      return { status: 200, body: { names: parsed.data.names } };
    },
  },
];
