/**
 * Setup drafts on the real PostgreSQL and on PGlite: secrets sealed at rest (the raw row never
 * holds plaintext), one current draft, stale saves refused, and nothing changed by a refusal.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VersionConflictError } from "./errors";
import { getCurrentDraft, openDraftSecrets, saveDraftSection, setDraftStatus, startDraft } from "./setup-drafts";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

const key = randomBytes(32);

describe.each(BACKENDS)("setup drafts on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 55741 });
  }, 120_000);
  afterAll(async () => store?.close());

  it("keeps answers, seals secrets, continues the same draft for anyone", async () => {
    const draft = await startDraft(store.pool, "admin-oid");
    expect(await startDraft(store.pool, "other-admin")).toMatchObject({ id: draft.id });
    const saved = await saveDraftSection(store.pool, key, {
      id: draft.id,
      expectedVersion: draft.version,
      section: "identity",
      value: { keycloakUrl: "https://auth.contoso.com", realm: "allhands" },
      secrets: { keycloakClientSecret: "kc-plaintext-secret-1", entraClientSecret: "" },
      completedStep: "identity",
      actor: "admin-oid",
    });
    expect(saved.secretsProvided).toEqual({ keycloakClientSecret: true, keycloakAdminPassword: false, entraClientSecret: false, llmApiKey: false });
    expect(saved.data.identity).toEqual({ keycloakUrl: "https://auth.contoso.com", realm: "allhands" });
    expect(saved.completedSteps).toEqual(["identity"]);

    const raw = await store.pool.query<{ row: string }>("SELECT row_to_json(d)::text AS row FROM setup_drafts d WHERE id = $1", [draft.id]);
    expect(raw.rows[0]?.row).not.toContain("kc-plaintext-secret-1");
    expect(JSON.stringify(saved)).not.toContain("kc-plaintext-secret-1");
    expect(await openDraftSecrets(store.pool, key, draft.id)).toEqual({ keycloakClientSecret: "kc-plaintext-secret-1" });

    // A later save without the secret keeps it; a stale save is refused and changes nothing.
    const next = await saveDraftSection(store.pool, key, { id: draft.id, expectedVersion: saved.version, section: "sizing", value: { preset: "team" }, resetSteps: ["preflight"], actor: "a" });
    expect(next.secretsProvided.keycloakClientSecret).toBe(true);
    await expect(
      saveDraftSection(store.pool, key, { id: draft.id, expectedVersion: saved.version, section: "sizing", value: { preset: "org" }, actor: "b" }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await getCurrentDraft(store.pool))?.data.sizing).toEqual({ preset: "team" });

    // Secret-looking values outside the write-only fields are refused.
    await expect(
      saveDraftSection(store.pool, key, { id: draft.id, expectedVersion: next.version, section: "openhands", value: { llm: { apiKey: "sk-123" } }, actor: "a" }),
    ).rejects.toThrow(/write-only/);

    const done = await setDraftStatus(store.pool, draft.id, next.version, { status: "discarded", actor: "a" });
    expect(done.status).toBe("discarded");
    expect(await getCurrentDraft(store.pool)).toBeNull();
  });
});
