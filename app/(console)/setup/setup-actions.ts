/**
 * The setup wizard's server-side steps as action definitions (auth → `setup.run` → zod → run →
 * audit through `defineAction`). `actions.ts` binds them to the console's store; tests bind them
 * to a test database with `executeAction`. Each save is version-checked against the draft the
 * admin's form was rendered from, so two browsers never overwrite each other silently.
 *
 * Write-only secrets arrive here, are sealed into the draft, and are never returned, logged or
 * audited (the audit change set only says "provided").
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import { nameProblems, resolveNames } from "@/lib/azure/naming";
import { environmentInputSchema, identityInputSchema, openhandsInputSchema, sizingInputSchema } from "@/lib/azure/provisioning/setup-input";
import type { Queryable } from "@/lib/store/db";
import { finishEndedDrafts, getCurrentDraft, getDraft, saveDraftSection, setDraftStatus, startDraft, type SecretField, type SetupDraft, type SetupSection } from "@/lib/store/setup-drafts";
import { existingEnvironmentFor } from "./existing-environment";
import { INVALIDATED_BY_CHANGE } from "./wizard-steps";

export interface SetupDeps {
  db: () => Queryable;
  secretsKey: () => Buffer;
}

/** What the browser gets back: the draft's new version and where to go next, never values. */
export interface DraftSaved {
  draftId: string;
  version: number;
  completedSteps: string[];
}

const draftRef = {
  draftId: z.uuid("draftId must be the id of the setup draft"),
  version: z.number().int().positive("version must be the draft version the form was loaded from"),
};
const secretValue = z.string().max(4096, "too long (at most 4096 characters)").optional();

function saved(d: SetupDraft): DraftSaved {
  return { draftId: d.id, version: d.version, completedSteps: d.completedSteps };
}

async function openDraft(db: Queryable, id: string): Promise<SetupDraft> {
  const draft = await getDraft(db, id);
  if (!draft) throw new ActionError("not_found", "This setup draft no longer exists; reload the setup page to continue the current one.");
  return draft;
}

/** Refuses a save that leaves a required secret neither provided before nor typed now. */
function requireSecrets(draft: SetupDraft, typed: Partial<Record<SecretField, string | undefined>>, required: Record<string, string>): void {
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, label] of Object.entries(required) as [SecretField, string][]) {
    if (!draft.secretsProvided[field] && !typed[field]) fieldErrors[`secrets.${field}`] = [`${label} is required`];
  }
  if (Object.keys(fieldErrors).length > 0) throw new ActionError("invalid_input", `The input is not valid. ${Object.values(fieldErrors).flat().join("; ")}.`, fieldErrors);
}

function sectionChanges(section: SetupSection, value: Record<string, unknown>, secrets: Record<string, string | undefined> = {}) {
  const provided = Object.entries(secrets).filter(([, v]) => v).map(([k]) => k);
  return {
    [section]: { new: value },
    ...(provided.length > 0 ? { secretsProvided: { new: provided } } : {}),
  };
}

export function setupActions(deps: SetupDeps) {
  const startInput = z.object({});
  const start = {
    name: "setup.start",
    permission: "setup.run",
    input: startInput,
    audit: { action: "setup.start", target: (_i, r) => `setup-draft/${r?.draftId ?? "new"}` },
    run: async (ctx) => {
      // A setup whose operation has ended is finished: "Set up another environment" starts a new draft.
      await finishEndedDrafts(deps.db(), ctx.principal.oid);
      const current = await getCurrentDraft(deps.db());
      if (current?.status === "provisioning") {
        throw new ActionError("draft_exists", `A setup is being provisioned (operation ${current.operationId ?? "unknown"}); wait for it to finish before starting another.`);
      }
      return saved(await startDraft(deps.db(), ctx.principal.oid));
    },
  } satisfies ActionDefinition<typeof startInput, DraftSaved>;

  const environmentInput = z.object({ ...draftRef, environment: environmentInputSchema });
  const saveEnvironment = {
    name: "setup.environment.save",
    permission: "setup.run",
    input: environmentInput,
    audit: { action: "setup.environment.save", target: (i) => `setup-draft/${i.draftId}`, changes: (i) => sectionChanges("environment", i.environment) },
    run: async (ctx, input) => {
      const env = input.environment;
      const problems = nameProblems(resolveNames(env.name, env.subscriptionId, env.names));
      if (problems.length > 0) {
        const fieldErrors = Object.fromEntries(problems.map((p) => [`environment.names.${p.key}`, [p.message]]));
        throw new ActionError("invalid_input", `The input is not valid. ${problems[0]?.message ?? ""}`, fieldErrors);
      }
      // An existing environment in the same place is fine: Provision runs setup on it again.
      await existingEnvironmentFor(deps.db(), { name: env.name, subscriptionId: env.subscriptionId, region: env.region, resourceGroup: resolveNames(env.name, env.subscriptionId, env.names).resourceGroup });
      await openDraft(deps.db(), input.draftId);
      const d = await saveDraftSection(deps.db(), deps.secretsKey(), {
        id: input.draftId, expectedVersion: input.version, section: "environment", value: env,
        completedStep: "environment", resetSteps: [...INVALIDATED_BY_CHANGE], actor: ctx.principal.oid,
      });
      return saved(d);
    },
  } satisfies ActionDefinition<typeof environmentInput, DraftSaved>;

  const sizingInput = z.object({ ...draftRef, sizing: sizingInputSchema });
  const saveSizing = {
    name: "setup.sizing.save",
    permission: "setup.run",
    input: sizingInput,
    audit: { action: "setup.sizing.save", target: (i) => `setup-draft/${i.draftId}`, changes: (i) => sectionChanges("sizing", i.sizing) },
    run: async (ctx, input) =>
      saved(await saveDraftSection(deps.db(), deps.secretsKey(), {
        id: input.draftId, expectedVersion: input.version, section: "sizing", value: input.sizing,
        completedStep: "sizing", resetSteps: [...INVALIDATED_BY_CHANGE], actor: ctx.principal.oid,
      })),
  } satisfies ActionDefinition<typeof sizingInput, DraftSaved>;

  const identitySecrets = z.object({ keycloakClientSecret: secretValue, keycloakAdminPassword: secretValue, entraClientSecret: secretValue }).default({});
  const identityInput = z.object({ ...draftRef, identity: identityInputSchema, secrets: identitySecrets });
  const saveIdentity = {
    name: "setup.identity.save",
    permission: "setup.run",
    input: identityInput,
    audit: { action: "setup.identity.save", target: (i) => `setup-draft/${i.draftId}`, changes: (i) => sectionChanges("identity", i.identity, i.secrets) },
    run: async (ctx, input) => {
      const draft = await openDraft(deps.db(), input.draftId);
      requireSecrets(draft, input.secrets, {
        keycloakClientSecret: "Keycloak client secret",
        keycloakAdminPassword: "Keycloak admin password",
        entraClientSecret: "Entra client secret",
      });
      return saved(await saveDraftSection(deps.db(), deps.secretsKey(), {
        id: input.draftId, expectedVersion: input.version, section: "identity", value: input.identity, secrets: input.secrets,
        completedStep: "identity", resetSteps: [...INVALIDATED_BY_CHANGE], actor: ctx.principal.oid,
      }));
    },
  } satisfies ActionDefinition<typeof identityInput, DraftSaved>;

  const openhandsInput = z.object({ ...draftRef, openhands: openhandsInputSchema, secrets: z.object({ llmApiKey: secretValue }).default({}) });
  const saveOpenHands = {
    name: "setup.openhands.save",
    permission: "setup.run",
    input: openhandsInput,
    audit: { action: "setup.openhands.save", target: (i) => `setup-draft/${i.draftId}`, changes: (i) => sectionChanges("openhands", i.openhands, i.secrets) },
    run: async (ctx, input) => {
      const draft = await openDraft(deps.db(), input.draftId);
      requireSecrets(draft, input.secrets, { llmApiKey: "LLM API key" });
      return saved(await saveDraftSection(deps.db(), deps.secretsKey(), {
        id: input.draftId, expectedVersion: input.version, section: "openhands", value: input.openhands, secrets: input.secrets,
        completedStep: "openhands", resetSteps: [...INVALIDATED_BY_CHANGE], actor: ctx.principal.oid,
      }));
    },
  } satisfies ActionDefinition<typeof openhandsInput, DraftSaved>;

  const discardInput = z.object(draftRef);
  const discard = {
    name: "setup.discard",
    permission: "setup.run",
    input: discardInput,
    audit: { action: "setup.discard", target: (i) => `setup-draft/${i.draftId}` },
    run: async (ctx, input) => {
      const draft = await openDraft(deps.db(), input.draftId);
      if (draft.status !== "open") throw new ActionError("draft_not_open", `This setup is ${draft.status}; it can no longer be discarded.`);
      return saved(await setDraftStatus(deps.db(), input.draftId, input.version, { status: "discarded", actor: ctx.principal.oid }));
    },
  } satisfies ActionDefinition<typeof discardInput, DraftSaved>;

  return { start, saveEnvironment, saveSizing, saveIdentity, saveOpenHands, discard };
}
