import { describe, expect, it } from "vitest";
import { ArmError } from "../../core/errors";
import { assertAccountName, assertContainerName, nameAvailability } from "./names";

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ArmError) return `${err.status} ${err.code}: ${err.message}`;
    throw err;
  }
  return undefined;
}

describe("storage account names", () => {
  it.each(["abc", "stopenhandsprod7x2k", "a".repeat(24), "123"])("accepts %j", (name) => {
    expect(codeOf(() => assertAccountName(name))).toBeUndefined();
    expect(nameAvailability(name, false)).toEqual({ nameAvailable: true });
  });

  it.each(["ab", "a".repeat(25), "Stopenhands", "stg-openhands-blob", "st_x", "stö"])("refuses %j as AccountNameInvalid", (name) => {
    expect(codeOf(() => assertAccountName(name))).toMatch(/^400 AccountNameInvalid: .* must be between 3 and 24 characters in length and use numbers and lower-case letters only\.$/);
    expect(nameAvailability(name, false)).toMatchObject({ nameAvailable: false, reason: "AccountNameInvalid" });
  });

  it("reports a taken name with Azure's message", () => {
    expect(nameAvailability("stopenhandsprod", true)).toEqual({ nameAvailable: false, reason: "AlreadyExists", message: "The storage account named stopenhandsprod is already taken." });
  });
});

describe("blob container names", () => {
  it.each(["backups", "support-bundles", "a1b", "x".repeat(63), "$web", "$logs"])("accepts %j", (name) => expect(codeOf(() => assertContainerName(name))).toBeUndefined());

  it.each(["ab", "x".repeat(64)])("refuses the length of %j", (name) => expect(codeOf(() => assertContainerName(name))).toMatch(/ContainerOperationFailure: The specified resource name length/));

  it.each(["Backups", "-backups", "backups-", "back--ups", "back_ups", "back.ups"])("refuses the characters of %j", (name) =>
    expect(codeOf(() => assertContainerName(name))).toMatch(/ContainerOperationFailure: The specified resource name contains invalid characters/),
  );
});
