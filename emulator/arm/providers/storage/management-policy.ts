/**
 * The blob lifecycle policy (`managementPolicies/default`): its wire schema checked as Azure
 * checks it — rule names alphanumeric and unique, `Lifecycle` type, blob types required, at
 * least one action, non-negative day counts. Pure.
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";

const days = z.number().int().min(0).max(99999);

const afterModification = z
  .object({
    daysAfterModificationGreaterThan: days.optional(),
    daysAfterLastAccessTimeGreaterThan: days.optional(),
    daysAfterLastTierChangeGreaterThan: days.optional(),
    daysAfterCreationGreaterThan: days.optional(),
  })
  .strict()
  .refine((a) => Object.values(a).some((v) => v !== undefined), "needs a day condition");

const afterCreation = z
  .object({ daysAfterCreationGreaterThan: days.optional(), daysAfterLastTierChangeGreaterThan: days.optional() })
  .strict()
  .refine((a) => a.daysAfterCreationGreaterThan !== undefined, "needs daysAfterCreationGreaterThan");

const baseBlob = z
  .object({
    tierToCool: afterModification.optional(),
    tierToArchive: afterModification.optional(),
    tierToCold: afterModification.optional(),
    tierToHot: afterModification.optional(),
    delete: afterModification.optional(),
    enableAutoTierToHotFromCool: z.boolean().optional(),
  })
  .strict();

const versionOrSnapshot = z
  .object({ tierToCool: afterCreation.optional(), tierToArchive: afterCreation.optional(), tierToCold: afterCreation.optional(), tierToHot: afterCreation.optional(), delete: afterCreation.optional() })
  .strict();

const ruleSchema = z
  .object({
    enabled: z.boolean().optional(),
    name: z.string().regex(/^[A-Za-z0-9]{1,256}$/, "a rule name contains only letters and digits"),
    type: z.literal("Lifecycle"),
    definition: z
      .object({
        filters: z
          .object({
            blobTypes: z.array(z.enum(["blockBlob", "appendBlob"])).min(1),
            prefixMatch: z.array(z.string().min(1)).optional(),
            blobIndexMatch: z.array(z.object({ name: z.string().min(1).max(128), op: z.literal("=="), value: z.string().max(256) }).strict()).optional(),
          })
          .strict()
          .optional(),
        actions: z
          .object({ baseBlob: baseBlob.optional(), snapshot: versionOrSnapshot.optional(), version: versionOrSnapshot.optional() })
          .strict()
          .refine((a) => a.baseBlob !== undefined || a.snapshot !== undefined || a.version !== undefined, "a rule needs at least one action"),
      })
      .strict(),
  })
  .strict();

export const managementPolicyBodySchema = z.object({
  properties: z.object({ policy: z.object({ rules: z.array(ruleSchema).min(1).max(100) }).strict() }).loose(),
});
export type ManagementPolicyBody = z.infer<typeof managementPolicyBodySchema>;

/** Parse and check a policy PUT body; a bad one answers 400 InvalidPolicyRules naming the problem. */
export function parseManagementPolicy(body: unknown): ManagementPolicyBody {
  const parsed = managementPolicyBodySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") ?? "";
    throw new ArmError(400, "InvalidPolicyRules", `The management policy is not valid: ${where ? `'${where}' ` : ""}${issue?.message ?? "invalid"}.`, where ? { target: where } : {});
  }
  const seen = new Set<string>();
  for (const rule of parsed.data.properties.policy.rules) {
    if (seen.has(rule.name)) throw new ArmError(400, "InvalidPolicyRules", `The management policy is not valid: rule name '${rule.name}' is used more than once.`);
    seen.add(rule.name);
    if (rule.definition.filters === undefined) {
      throw new ArmError(400, "InvalidPolicyRules", `The management policy is not valid: rule '${rule.name}' needs definition.filters.blobTypes.`);
    }
  }
  return parsed.data;
}
