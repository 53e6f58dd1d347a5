/**
 * What an admin types into the setup wizard, as zod schemas: one schema per wizard step plus the
 * whole `SetupInput`. `SetupInput` never carries a secret value: secrets (Keycloak client secret,
 * Keycloak admin password, Entra client secret, LLM key) have their own `setupSecretsSchema`, are
 * referenced by name in the plan and the Bicep export, and go straight into Kubernetes secrets at
 * deploy time. Bounds for sizing live in `lib/azure/sizing.ts`; name rules in `lib/azure/naming.ts`.
 */
import { z } from "zod";
import { NAME_RULES, type ResourceNameKey } from "@/lib/azure/naming";
import { sizingBoundsProblems } from "@/lib/azure/sizing";

const ENV_NAME = /^[a-z][a-z0-9]{1,7}$/;
const REGION = /^[a-z][a-z0-9]{2,39}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

const cidr = z.string().trim().regex(CIDR, "must be an IPv4 CIDR like 10.40.0.0/16");

const nameOverrides = z
  .partialRecord(z.enum(Object.keys(NAME_RULES) as [ResourceNameKey, ...ResourceNameKey[]]), z.string().trim())
  .superRefine((names, ctx) => {
    for (const [key, value] of Object.entries(names)) {
      if (value === undefined || value === "") continue;
      const rule = NAME_RULES[key as ResourceNameKey];
      if (!rule.pattern.test(value)) ctx.addIssue({ code: "custom", path: [key], message: `"${value}" is not a legal ${rule.label} name: ${rule.rule}` });
    }
  });

export const environmentInputSchema = z.object({
  name: z.string().trim().regex(ENV_NAME, "environment name: 2–8 lowercase letters or digits, starting with a letter (it becomes part of the storage account name, which allows only lowercase letters and digits)"),
  subscriptionId: z.guid("subscription id must be a GUID like 00000000-0000-0000-0000-000000000000"),
  region: z.string().trim().regex(REGION, "region must be an Azure location name like westeurope"),
  /** Optional overrides of the default names (DESIGN.md §2); each is checked against its Azure rule. */
  names: nameOverrides.default({}),
  /** VNet and subnet ranges; AKS uses Azure CNI overlay, so pods do not consume subnet addresses. */
  addressSpace: z
    .object({
      vnet: cidr.default("10.40.0.0/16"),
      appSubnet: cidr.default("10.40.0.0/20"),
      dbSubnet: cidr.default("10.40.16.0/24"),
      /** Used only with a Premium cache (VNet injection needs a subnet of its own). */
      redisSubnet: cidr.default("10.40.17.0/24"),
    })
    .default({ vnet: "10.40.0.0/16", appSubnet: "10.40.0.0/20", dbSubnet: "10.40.16.0/24", redisSubnet: "10.40.17.0/24" }),
  /** Where the recommended alerts send mail (the action group); optional. */
  alertEmail: z.email("alert e-mail must be an e-mail address").optional(),
});

const poolSchema = z.object({
  vmSize: z.string().trim().regex(/^Standard_[A-Za-z0-9_]+$/, "VM size must be an Azure size name like Standard_D4ds_v5"),
  min: z.number().int("node counts are whole numbers"),
  max: z.number().int("node counts are whole numbers"),
});

export const presetNames = ["pilot", "team", "org"] as const;
export type PresetName = (typeof presetNames)[number];

export const sizingInputSchema = z
  .object({
    /** The preset the values started from; "custom" once the admin edited any value. */
    preset: z.enum([...presetNames, "custom"]),
    /** Empty = the region's default AKS version (preflight checks the one chosen). */
    kubernetesVersion: z.string().trim().regex(/^\d+\.\d+(\.\d+)?$/, "Kubernetes version looks like 1.33 or 1.33.2").optional(),
    pools: z.object({ system: poolSchema, platform: poolSchema, sandbox: poolSchema }),
    postgres: z.object({
      sku: z.string().trim().regex(/^Standard_[A-Za-z0-9_]+$/, "PostgreSQL SKU must be like Standard_D2ds_v5 or Standard_B2ms"),
      tier: z.enum(["Burstable", "GeneralPurpose", "MemoryOptimized"]),
      version: z.enum(["16", "17"]).default("17"),
      storageGb: z.number().int("storage is a whole number of GiB"),
      ha: z.boolean(),
    }),
    redis: z.object({ sku: z.enum(["Basic", "Standard", "Premium"]), capacity: z.number().int("Redis capacity is a whole number") }),
  })
  .superRefine((sizing, ctx) => {
    for (const p of sizingBoundsProblems(sizing)) ctx.addIssue({ code: "custom", path: p.path, message: p.message });
  });

export const identityInputSchema = z.object({
  keycloakUrl: z.url({ protocol: /^https$/, message: "Keycloak URL must be an https:// URL" }),
  realm: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, "realm: letters, digits, - and _ (the guide uses allhands)").default("allhands"),
  clientId: z.string().trim().regex(/^[A-Za-z0-9._:-]{1,255}$/, "Keycloak client id: letters, digits, . _ : -"),
  entraTenantId: z.guid("Entra tenant id must be a GUID"),
  entraClientId: z.guid("Entra application (client) id must be a GUID"),
});

export const openhandsInputSchema = z.object({
  /** A version from `lib/openhands/releases` (checked against the catalog in the plan and preflight). */
  version: z.string().trim().regex(/^\d+\.\d+\.\d+$/, "OpenHands version is a semver tag like 1.54.0"),
  imageRegistry: z.string().trim().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "image registry like ghcr.io/openhands").default("ghcr.io/openhands"),
  host: z.string().trim().toLowerCase().regex(HOSTNAME, "public host name like openhands.example.com"),
  tls: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("cert-manager"), issuer: z.string().trim().min(1).default("letsencrypt") }),
    z.object({ mode: z.literal("existing-secret"), secretName: z.string().trim().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Kubernetes secret name") }),
    z.object({ mode: z.literal("none") }),
  ]),
  llm: z.object({
    model: z.string().trim().min(1, "LLM model is required, e.g. anthropic/claude-sonnet-4-5"),
    baseUrl: z.url({ protocol: /^https?$/, message: "LLM base URL must be an http(s) URL" }).optional(),
  }),
});

export const setupInputSchema = z.object({
  environment: environmentInputSchema,
  sizing: sizingInputSchema,
  identity: identityInputSchema,
  openhands: openhandsInputSchema,
});

export type SetupInput = z.infer<typeof setupInputSchema>;
export type EnvironmentInput = z.infer<typeof environmentInputSchema>;
export type SizingInput = z.infer<typeof sizingInputSchema>;
export type PoolInput = z.infer<typeof poolSchema>;
export type IdentityInput = z.infer<typeof identityInputSchema>;
export type OpenHandsInput = z.infer<typeof openhandsInputSchema>;

// ---- secrets: write-only, never part of SetupInput, the plan, the store or the export ----

const secret = (label: string) => z.string().min(1, `${label} is required`).max(4096, `${label} is too long`);

/** Secrets typed in the identity step. */
export const identitySecretsSchema = z.object({
  keycloakClientSecret: secret("Keycloak client secret"),
  keycloakAdminPassword: secret("Keycloak admin password"),
  entraClientSecret: secret("Entra client secret"),
});
/** Secrets typed in the OpenHands step. */
export const openhandsSecretsSchema = z.object({ llmApiKey: secret("LLM API key") });
export const setupSecretsSchema = identitySecretsSchema.extend(openhandsSecretsSchema.shape);
export type SetupSecrets = z.infer<typeof setupSecretsSchema>;
export type SetupSecretName = keyof SetupSecrets;

/** Secrets the console generates itself at provision time (never typed, never shown). */
export type GeneratedSecretName = "postgresAdminPassword" | "jwtSecret";

/** Human labels, e.g. for "provided ✓" badges and Bicep `@secure()` parameter descriptions. */
export const SECRET_LABELS: Record<SetupSecretName | GeneratedSecretName, string> = {
  keycloakClientSecret: "Keycloak client secret",
  keycloakAdminPassword: "Keycloak admin password",
  entraClientSecret: "Entra ID client secret (Keycloak's identity provider)",
  llmApiKey: "LLM API key",
  postgresAdminPassword: "PostgreSQL administrator password (generated)",
  jwtSecret: "OpenHands JWT signing secret (generated)",
};
