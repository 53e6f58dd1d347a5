import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnvironment, getEnvironment, getEnvironmentByName, listEnvironments, updateEnvironment, type NewEnvironment } from "./environments";
import { EnvironmentNameTakenError, NotFoundError, StoreValidationError, VersionConflictError } from "./errors";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

const SUB = "0b1f6471-1bf0-4dda-aec3-111122223333";
const env = (over: Partial<NewEnvironment> = {}): NewEnvironment => ({
  name: "prod",
  subscriptionId: SUB,
  region: "westeurope",
  resourceGroup: "rg-openhands-prod",
  settings: { aks: { nodeCount: 3 }, postgres: { sku: "Standard_D2ds_v5" } },
  createdBy: "ada@contoso.com",
  ...over,
});

describe.each(BACKENDS)("environments on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15434 });
  });
  afterAll(async () => store?.close());

  it("creates and reads back by id and name", async () => {
    const e = await createEnvironment(store.pool, env());
    expect(e).toMatchObject({ name: "prod", subscriptionId: SUB, status: "draft", version: 1, settings: { aks: { nodeCount: 3 } } });
    expect(await getEnvironment(store.pool, e.id)).toEqual(e);
    expect(await getEnvironmentByName(store.pool, "prod")).toEqual(e);
    expect(await getEnvironment(store.pool, "not-a-uuid")).toBeNull();
    expect(await getEnvironmentByName(store.pool, "nope")).toBeNull();
  });

  it("refuses a second environment with the same name", async () => {
    const err = await createEnvironment(store.pool, env({ region: "northeurope" })).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(EnvironmentNameTakenError);
    expect((err as Error).message).toBe('An environment named "prod" already exists; choose another name');
  });

  it("refuses bad names and secrets in settings, naming the problem, writing nothing", async () => {
    for (const name of ["Prod", "p", "1prod", "prod_1", "a-very-long-environment-name"]) {
      await expect(createEnvironment(store.pool, env({ name }))).rejects.toThrow(/^name: name must be 2–20 characters/);
    }
    const err = await createEnvironment(store.pool, env({ name: "staging", settings: { postgres: { adminPassword: "x" }, url: "postgres://u:pw@h/db" } })).catch(
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(StoreValidationError);
    expect((err as Error).message).toBe(
      "settings: must not contain secrets (found at postgres.adminPassword, url); keep them in Key Vault or Kubernetes secrets",
    );
    await expect(createEnvironment(store.pool, env({ name: "staging", subscriptionId: "nope" }))).rejects.toThrow("subscriptionId must be a GUID");
    expect((await listEnvironments(store.pool)).map((e) => e.name)).toEqual(["prod"]);
  });

  it("updates with the version read, and refuses a stale version with a typed conflict", async () => {
    const e = await createEnvironment(store.pool, env({ name: "staging" }));
    const updated = await updateEnvironment(store.pool, e.id, 1, { settings: { aks: { nodeCount: 5 } }, status: "provisioning" });
    expect(updated).toMatchObject({ version: 2, status: "provisioning", settings: { aks: { nodeCount: 5 } }, region: "westeurope" });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(e.updatedAt.getTime());

    // A second admin still holding version 1 cannot overwrite.
    const err = await updateEnvironment(store.pool, e.id, 1, { status: "ready" }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(VersionConflictError);
    expect(err).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    expect((await getEnvironment(store.pool, e.id))?.status).toBe("provisioning");
  });

  it("of two concurrent updates from the same version exactly one wins", async () => {
    const e = await createEnvironment(store.pool, env({ name: "race" }));
    const other = store.newPool();
    const results = await Promise.allSettled([
      updateEnvironment(store.pool, e.id, 1, { status: "ready" }),
      updateEnvironment(other, e.id, 1, { status: "failed" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(VersionConflictError);
    expect((await getEnvironment(store.pool, e.id))?.version).toBe(2);
  });

  it("update of a missing environment is NotFound; unknown fields and secrets are refused", async () => {
    await expect(updateEnvironment(store.pool, "00000000-0000-4000-8000-000000000000", 1, { status: "ready" })).rejects.toBeInstanceOf(NotFoundError);
    const e = await getEnvironmentByName(store.pool, "prod");
    if (!e) throw new Error("fixture");
    await expect(updateEnvironment(store.pool, e.id, e.version, { name: "renamed" } as never)).rejects.toThrow(/Unrecognized key/);
    await expect(updateEnvironment(store.pool, e.id, e.version, { settings: { token: "t" } })).rejects.toThrow("must not contain secrets (found at token)");
    await expect(updateEnvironment(store.pool, e.id, e.version, {})).rejects.toThrow("nothing to update: the patch is empty");
    expect((await getEnvironment(store.pool, e.id))?.version).toBe(e.version);
  });
});
