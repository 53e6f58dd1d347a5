/**
 * Microsoft.Insights/actionGroups (ActionGroups_* of arm-monitor): create or replace (201/200,
 * synchronous), get, patch (tags, enabled), delete (200/204), list by group and subscription.
 * Location is always "Global". Receivers are kept as sent, with the read-only `status` Azure adds
 * to email and SMS receivers. Lists are not paged: the SDK reads only the first page of these.
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { ok, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { ACTION_GROUPS_API_VERSIONS } from "./api-versions";

const TYPE = "Microsoft.Insights/ActionGroups";
const tags = z.record(z.string().max(512), z.string().max(256));
const receiver = z.object({ name: z.string().min(1).max(260) }).loose();
const email = receiver.extend({ emailAddress: z.email("must be an email address"), useCommonAlertSchema: z.boolean().optional() });
const sms = receiver.extend({ countryCode: z.string().regex(/^\d{1,3}$/, "must be 1-3 digits"), phoneNumber: z.string().regex(/^\d{4,15}$/, "must be 4-15 digits") });
const webhook = receiver.extend({ serviceUri: z.url("must be a URL"), useCommonAlertSchema: z.boolean().optional() });

const RECEIVER_KINDS = [
  "emailReceivers", "smsReceivers", "webhookReceivers", "itsmReceivers", "azureAppPushReceivers", "automationRunbookReceivers",
  "voiceReceivers", "logicAppReceivers", "azureFunctionReceivers", "armRoleReceivers", "eventHubReceivers",
] as const;
/** Receiver kinds that carry `useCommonAlertSchema` (Azure answers false when it was not sent). */
const COMMON_SCHEMA_KINDS = new Set(["emailReceivers", "webhookReceivers", "automationRunbookReceivers", "logicAppReceivers", "azureFunctionReceivers", "armRoleReceivers", "eventHubReceivers"]);

const groupSchema = z.object({
  location: z.string().refine((l) => l.toLowerCase() === "global", "must be 'Global': action groups are global resources"),
  tags: tags.optional(),
  properties: z
    .object({
      groupShortName: z.string().min(1).max(12, "must be at most 12 characters"),
      enabled: z.boolean().default(true),
      emailReceivers: z.array(email).max(1000).optional(),
      smsReceivers: z.array(sms).max(10).optional(),
      webhookReceivers: z.array(webhook).max(10).optional(),
      itsmReceivers: z.array(receiver).optional(),
      azureAppPushReceivers: z.array(receiver).optional(),
      automationRunbookReceivers: z.array(receiver).optional(),
      voiceReceivers: z.array(receiver).optional(),
      logicAppReceivers: z.array(receiver).optional(),
      azureFunctionReceivers: z.array(receiver).optional(),
      armRoleReceivers: z.array(receiver).optional(),
      eventHubReceivers: z.array(receiver).optional(),
    })
    .loose(),
});
const patchSchema = z.object({ tags: tags.optional(), properties: z.object({ enabled: z.boolean().optional() }).optional() });

const NAME = /^[^<>%&:\\?/*#|]{1,260}$/;

/** The path's subscription, group and rule/group name (the route template guarantees them). */
function routeNames(req: ArmRequest): { sub: string; rg: string; name: string } {
  return { sub: req.params.subscriptionId!, rg: req.params.resourceGroupName!, name: req.params.actionGroupName! };
}

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/actionGroups";

export function actionGroupId(sub: string, rg: string, name: string): string {
  // Azure spells the namespace of action group ids in lower case.
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/microsoft.insights/actionGroups/${name}`;
}

function requireGroup(env: ArmEnvironment, req: ArmRequest) {
  const { sub, rg, name } = routeNames(req);
  requireResourceGroup(env, sub, rg);
  const stored = env.store.get(actionGroupId(sub, rg, name));
  if (!stored) throw armErrors.resourceNotFound("microsoft.insights/actiongroups", name, rg);
  return stored;
}

function listed(env: ArmEnvironment, prefix: string) {
  const p = prefix.toLowerCase();
  return env.store
    .all()
    .filter((r) => r.id.toLowerCase().startsWith(p) && String(r.body.type) === TYPE && r.id.toLowerCase().includes("/providers/microsoft.insights/actiongroups/"))
    .map((r) => snapshot(r.body));
}

export const actionGroupRoutes: ArmRoute[] = [
  {
    method: "PUT",
    path: `${base}/{actionGroupName}`,
    apiVersions: ACTION_GROUPS_API_VERSIONS,
    action: "Microsoft.Insights/actionGroups/write",
    handle: (req, env) => {
      const { sub, rg, name } = routeNames(req);
      if (!NAME.test(name)) throw new ArmError(400, "InvalidResourceName", `The action group name '${name}' is invalid: 1-260 characters, none of < > % & : \\ ? / * # |.`);
      const group = requireResourceGroup(env, sub, rg, { forWrite: true });
      const body = parseBody(groupSchema, req.body);
      const props = body.properties;
      const seen = new Set<string>();
      const properties: Record<string, unknown> = { groupShortName: props.groupShortName, enabled: props.enabled };
      for (const kind of RECEIVER_KINDS) {
        const list = (props[kind] ?? []) as Array<Record<string, unknown> & { name: string }>;
        properties[kind] = list.map((r, i) => {
          const key = r.name.toLowerCase();
          if (seen.has(key)) throw new ArmError(400, "ReceiverNameNotUnique", `The receiver name '${r.name}' is used more than once; receiver names must be unique within an action group.`, { target: `properties.${kind}[${i}].name` });
          seen.add(key);
          const out: Record<string, unknown> = { ...r };
          if (COMMON_SCHEMA_KINDS.has(kind) && out.useCommonAlertSchema === undefined) out.useCommonAlertSchema = false;
          if (kind === "emailReceivers" || kind === "smsReceivers") out.status = "Enabled";
          return out;
        });
      }
      const id = actionGroupId(sub, String(group.body.name ?? rg), name);
      const existing = env.store.get(id);
      const canonicalName = existing ? String(existing.body.name) : name;
      const resource: Record<string, unknown> = {
        id: existing?.id ?? id,
        type: TYPE,
        name: canonicalName,
        location: "Global",
        tags: body.tags ?? {},
        properties,
      };
      env.store.put(resource.id as string, resource);
      return ok(snapshot(resource), existing ? 200 : 201);
    },
  },
  {
    method: "GET",
    path: `${base}/{actionGroupName}`,
    apiVersions: ACTION_GROUPS_API_VERSIONS,
    action: "Microsoft.Insights/actionGroups/read",
    handle: (req, env) => ok(snapshot(requireGroup(env, req).body)),
  },
  {
    method: "PATCH",
    path: `${base}/{actionGroupName}`,
    apiVersions: ACTION_GROUPS_API_VERSIONS,
    action: "Microsoft.Insights/actionGroups/write",
    handle: (req, env) => {
      const stored = requireGroup(env, req);
      const patch = parseBody(patchSchema, req.body);
      const updated = env.store.update(stored.id, (b) => {
        if (patch.tags) b.tags = patch.tags;
        if (patch.properties?.enabled !== undefined) (b.properties as Record<string, unknown>).enabled = patch.properties.enabled;
      });
      return ok(snapshot(updated!.body));
    },
  },
  {
    method: "DELETE",
    path: `${base}/{actionGroupName}`,
    apiVersions: ACTION_GROUPS_API_VERSIONS,
    action: "Microsoft.Insights/actionGroups/delete",
    handle: (req, env) => {
      const { sub, rg, name } = routeNames(req);
      requireResourceGroup(env, sub, rg);
      const removed = env.store.delete(actionGroupId(sub, rg, name));
      return { status: removed.length > 0 ? 200 : 204 };
    },
  },
  {
    method: "GET",
    path: base,
    apiVersions: ACTION_GROUPS_API_VERSIONS,
    action: "Microsoft.Insights/actionGroups/read",
    handle: (req, env) => {
      const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
      return ok({ value: listed(env, `${group.id}/`) });
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Insights/actionGroups",
    apiVersions: ACTION_GROUPS_API_VERSIONS,
    action: "Microsoft.Insights/actionGroups/read",
    handle: (req, env) => ok({ value: listed(env, `/subscriptions/${req.params.subscriptionId!}/`) }),
  },
];
