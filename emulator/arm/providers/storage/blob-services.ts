/**
 * Blob service properties (`blobServices/default`): soft delete of blobs and containers,
 * versioning, change feed, last-access tracking — what the console sets next to the lifecycle
 * policy. GET answers Azure's defaults until a PUT changes them; retention days are 1–365.
 */
import { z } from "zod";
import { ok, parseBody, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { STORAGE_API_VERSIONS } from "./api-versions";
import { requireAccount, requireProvisioned } from "./storage-accounts";

const retention = z
  .object({ enabled: z.boolean(), days: z.number().int().min(1).max(365).optional(), allowPermanentDelete: z.boolean().optional() })
  .strict()
  .refine((r) => !r.enabled || r.days !== undefined, { message: "days is required when the policy is enabled", path: ["days"] });

const servicePropertiesSchema = z
  .object({
    properties: z
      .object({
        deleteRetentionPolicy: retention.optional(),
        containerDeleteRetentionPolicy: retention.optional(),
        isVersioningEnabled: z.boolean().optional(),
        changeFeed: z.object({ enabled: z.boolean(), retentionInDays: z.number().int().min(1).max(146000).optional() }).strict().optional(),
        lastAccessTimeTrackingPolicy: z.object({ enable: z.boolean(), name: z.literal("AccessTimeTracking").optional(), trackingGranularityInDays: z.number().int().optional(), blobType: z.array(z.string()).optional() }).strict().optional(),
        automaticSnapshotPolicyEnabled: z.boolean().optional(),
        defaultServiceVersion: z.string().optional(),
        cors: z.object({ corsRules: z.array(z.record(z.string(), z.unknown())) }).strict().optional(),
      })
      .loose(),
  })
  .loose();

const path = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices";

function serviceId(accountId: string): string {
  return `${accountId}/blobServices/default`;
}

/** Stored properties, or Azure's defaults for a new account. */
function current(env: ArmEnvironment, accountId: string, sku: unknown): Record<string, unknown> {
  const stored = env.store.get(serviceId(accountId));
  if (stored) return snapshot(stored.body);
  return {
    id: serviceId(accountId),
    name: "default",
    type: "Microsoft.Storage/storageAccounts/blobServices",
    sku,
    properties: { cors: { corsRules: [] }, deleteRetentionPolicy: { allowPermanentDelete: false, enabled: false } },
  };
}

function getService(req: ArmRequest, env: ArmEnvironment) {
  const account = requireAccount(env, req);
  return current(env, account.id, account.body.sku);
}

export const blobServiceRoutes: ArmRoute[] = [
  {
    method: "GET",
    path: `${path}/default`,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/read",
    handle: (req, env) => ok(getService(req, env)),
  },
  {
    method: "PUT",
    path: `${path}/default`,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/write",
    handle: (req, env) => {
      const account = requireProvisioned(env, req);
      const body = parseBody(servicePropertiesSchema, req.body);
      const service = current(env, account.id, account.body.sku);
      const props = service.properties as Record<string, unknown>;
      for (const [key, value] of Object.entries(body.properties)) if (value !== undefined) props[key] = structuredClone(value);
      env.store.put(String(service.id), service);
      return ok(snapshot(service));
    },
  },
  {
    method: "GET",
    path,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/read",
    handle: (req, env) => ok({ value: [getService(req, env)] }),
  },
];
