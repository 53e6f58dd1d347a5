/**
 * Storage name rules with Azure's codes and wording: account names (3–24 lowercase letters and
 * digits, unique across Azure) and blob container names (3–63 lowercase letters, digits and
 * single hyphens, starting and ending with a letter or digit). Pure.
 */
import { ArmError } from "../../core/errors";

const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
/** `$root`, `$web` and `$logs` are system containers Azure lets you address by name. */
const SYSTEM_CONTAINERS = new Set(["$root", "$web", "$logs"]);
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

export function isValidAccountName(name: string): boolean {
  return ACCOUNT_NAME.test(name);
}

export function accountNameInvalidMessage(name: string): string {
  return `${name} is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.`;
}

export function accountNameTakenMessage(name: string): string {
  return `The storage account named ${name} is already taken.`;
}

export function assertAccountName(name: string): void {
  if (!isValidAccountName(name)) throw new ArmError(400, "AccountNameInvalid", accountNameInvalidMessage(name), { target: name });
}

export type NameAvailability =
  | { nameAvailable: true }
  | { nameAvailable: false; reason: "AccountNameInvalid" | "AlreadyExists"; message: string };

/** What checkNameAvailability answers, given whether the name is taken anywhere. */
export function nameAvailability(name: string, taken: boolean): NameAvailability {
  if (!isValidAccountName(name)) return { nameAvailable: false, reason: "AccountNameInvalid", message: accountNameInvalidMessage(name) };
  if (taken) return { nameAvailable: false, reason: "AlreadyExists", message: accountNameTakenMessage(name) };
  return { nameAvailable: true };
}

/** Container names as the blob service checks them (ARM wraps them in ContainerOperationFailure). */
export function assertContainerName(name: string): void {
  if (SYSTEM_CONTAINERS.has(name)) return;
  if (name.length < 3 || name.length > 63) {
    throw new ArmError(400, "ContainerOperationFailure", "The specified resource name length is not within the permissible limits.", { target: name });
  }
  if (!CONTAINER_NAME.test(name)) {
    throw new ArmError(400, "ContainerOperationFailure", "The specified resource name contains invalid characters.", { target: name });
  }
}
