/**
 * Audit targets that carry GUIDs get the environment's name back, from the store itself (real
 * PostgreSQL and PGlite): environments, operations (with their kind) and setup drafts (the linked
 * environment, or the name the draft chose before an environment existed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTargetNames } from "./audit-targets";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

const SUB = "00000000-0000-4000-8000-000000000001";

describe.each(BACKENDS)("audit target names on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15457 });
  });
  afterAll(async () => store?.close());

  it("names environments, operations and drafts; unknown or malformed ids stay unnamed", async () => {
    const q = <T extends object>(sql: string, args: unknown[]) => store.pool.query<T>(sql, args).then((r) => r.rows[0]!);
    const env = await q<{ id: string }>("INSERT INTO environments (name, subscription_id, region, resource_group, created_by) VALUES ('prod', $1, 'eastus', 'rg-openhands-prod', 'a') RETURNING id", [SUB]);
    const op = await q<{ id: string }>("INSERT INTO operations (environment_id, kind, requested_by) VALUES ($1, 'setup', 'a') RETURNING id", [env.id]);
    const linked = await q<{ id: string }>("INSERT INTO setup_drafts (status, environment_id, operation_id, created_by, updated_by) VALUES ('done', $1, $2, 'a', 'a') RETURNING id", [env.id, op.id]);
    const early = await q<{ id: string }>(`INSERT INTO setup_drafts (status, data, created_by, updated_by) VALUES ('open', '{"environment":{"name":"staging"}}', 'a', 'a') RETURNING id`, []);
    const missing = "11111111-1111-4111-8111-111111111111";

    const names = await auditTargetNames(store.pool, [
      `environment/${env.id}`, `operation/${op.id}`, `setup-draft/${linked.id}`, `setup-draft/${early.id}`,
      `environment/${missing}`, "environment/not-a-guid", "provider/Microsoft.ContainerService",
    ]);
    expect(names.get(`environment/${env.id}`)).toEqual({ environment: "prod" });
    expect(names.get(`operation/${op.id}`)).toEqual({ environment: "prod", kind: "setup" });
    expect(names.get(`setup-draft/${linked.id}`)).toEqual({ environment: "prod", operationId: op.id });
    expect(names.get(`setup-draft/${early.id}`)).toEqual({ environment: "staging" });
    expect(names.size).toBe(4);
  });
});
