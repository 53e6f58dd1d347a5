import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ArmError } from "../../core/errors";
import { parseManagementPolicy } from "./management-policy";

/** The OpenHands policy: delete old backups and support bundles. */
function policy(rules: unknown[]): unknown {
  return { properties: { policy: { rules } } };
}
const deleteBackups = {
  enabled: true,
  name: "deleteOldBackups",
  type: "Lifecycle",
  definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: ["backups/"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } } },
};

function codeOf(body: unknown): string | undefined {
  try {
    parseManagementPolicy(body);
  } catch (err) {
    if (err instanceof ArmError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return undefined;
}

describe("management policy", () => {
  it("accepts the fixture's policy and the OpenHands policy", () => {
    const example = JSON.parse(readFileSync(path.resolve("../shared/fixtures/azure-rest-api-specs/storage/StorageAccountSetManagementPolicy.json"), "utf8")) as { parameters: { properties: unknown } };
    expect(codeOf(example.parameters.properties)).toBeUndefined();
    expect(parseManagementPolicy(policy([deleteBackups])).properties.policy.rules[0]?.name).toBe("deleteOldBackups");
  });

  it.each([
    ["no rules", policy([]), /rules/],
    ["a bad rule name", policy([{ ...deleteBackups, name: "delete-old" }]), /letters and digits/],
    ["a wrong type", policy([{ ...deleteBackups, type: "Other" }]), /type/],
    ["no actions", policy([{ ...deleteBackups, definition: { filters: { blobTypes: ["blockBlob"] }, actions: {} } }]), /at least one action/],
    ["negative days", policy([{ ...deleteBackups, definition: { filters: { blobTypes: ["blockBlob"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: -1 } } } } }]), /daysAfterModificationGreaterThan/],
    ["an unknown action", policy([{ ...deleteBackups, definition: { filters: { blobTypes: ["blockBlob"] }, actions: { baseBlob: { shred: { daysAfterModificationGreaterThan: 1 } } } } }]), /shred/],
    ["no blob types", policy([{ ...deleteBackups, definition: { filters: { blobTypes: [] }, actions: deleteBackups.definition.actions } }]), /blobTypes/],
    ["missing filters", policy([{ ...deleteBackups, definition: { actions: deleteBackups.definition.actions } }]), /filters/],
    ["duplicate rule names", policy([deleteBackups, deleteBackups]), /more than once/],
  ])("refuses %s with InvalidPolicyRules", (_what, body, why) => {
    const result = codeOf(body);
    expect(result).toMatch(/^InvalidPolicyRules: /);
    expect(result).toMatch(why);
  });
});
