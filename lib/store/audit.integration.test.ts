import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditActions, listAuditEvents, recordAuditEvent, type AuditEventInput } from "./audit";
import { StoreValidationError } from "./errors";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjM0NTY3OCIsInRpZCI6ImFiYyJ9.c2lnbmF0dXJlLXBhcnQ";

const event = (over: Partial<AuditEventInput> = {}): AuditEventInput => ({
  actorId: "11111111-1111-4111-8111-111111111111",
  actorName: "Ada Admin",
  action: "environment.create",
  target: "environment/prod",
  outcome: "success",
  requestId: "req-1",
  ...over,
});

describe.each(BACKENDS)("audit log on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15433 });
  });
  afterAll(async () => store?.close());

  it("records an event with secrets redacted, unchanged fields dropped", async () => {
    const e = await recordAuditEvent(store.pool, event({
      changes: {
        nodeCount: { old: 3, new: 5 },
        region: { old: "westeurope", new: "westeurope" },
        adminPassword: { old: "old-pw", new: "new-pw" },
        redisUrl: { new: "redis://:p4ss@cache:6379" },
      },
      detail: `called ARM with Bearer ${JWT}`,
    }));
    expect(e.id).toMatch(/^\d+$/);
    expect(e.occurredAt).toBeInstanceOf(Date);
    expect(e.changes).toEqual({
      nodeCount: { old: 3, new: 5 },
      adminPassword: { old: "[redacted]", new: "[redacted]" },
      redisUrl: { new: "redis://:[redacted]@cache:6379" },
    });
    expect(e.detail).toBe("called ARM with Bearer [redacted]");
    // What is stored, not just what is returned, has no secret in it.
    const raw = await store.pool.query<{ all: string }>("SELECT row_to_json(a)::text AS all FROM audit_events a WHERE id = $1", [e.id]);
    expect(raw.rows[0]?.all).not.toMatch(/old-pw|new-pw|p4ss|eyJ/);
  });

  it("stores an empty or all-unchanged change set as null", async () => {
    expect((await recordAuditEvent(store.pool, event({ changes: {} }))).changes).toBeNull();
    expect((await recordAuditEvent(store.pool, event({ changes: { a: { old: 1, new: 1 } } }))).changes).toBeNull();
    expect((await recordAuditEvent(store.pool, event())).changes).toBeNull();
  });

  it("refuses bad input with a specific error and writes nothing", async () => {
    const before = await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events");
    const err = await recordAuditEvent(store.pool, event({ action: "Create Environment", actorId: " " })).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(StoreValidationError);
    expect((err as StoreValidationError).problems).toEqual(["actorId: actorId is required", "action: action must look like environment.create"]);
    await expect(recordAuditEvent(store.pool, event({ outcome: "maybe" as "success" }))).rejects.toThrow(/outcome/);
    const after = await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events");
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE raise, even when no row matches", async () => {
    await recordAuditEvent(store.pool, event());
    await expect(store.pool.query("UPDATE audit_events SET outcome = 'failure'")).rejects.toThrow("audit_events is append-only: UPDATE is not allowed");
    await expect(store.pool.query("DELETE FROM audit_events")).rejects.toThrow("audit_events is append-only: DELETE is not allowed");
    await expect(store.pool.query("DELETE FROM audit_events WHERE id = -1")).rejects.toThrow("append-only");
    await expect(store.pool.query("TRUNCATE audit_events")).rejects.toThrow("audit_events is append-only: TRUNCATE is not allowed");
    const n = await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'success'");
    expect(n.rows[0]?.n).toBeGreaterThan(0);
  });

  describe("listing", () => {
    beforeAll(async () => {
      // A clean, known log: the table cannot be emptied (append-only), so use a fresh store.
      await store.close();
      store = await startTestStore(kind, { pglitePort: 15433 });
      const base = Date.parse("2026-11-01T00:00:00Z");
      const actors = [
        { actorId: "aaaaaaaa-0000-4000-8000-000000000001", actorName: "Ada Admin" },
        { actorId: "bbbbbbbb-0000-4000-8000-000000000002", actorName: "Otto Operator" },
      ];
      const actions = ["environment.create", "environment.update", "aks.upgrade", "environments.list_all"];
      for (let i = 0; i < 40; i++) {
        const a = actors[i % 2];
        const action = actions[i % 4];
        if (!a || !action) throw new Error("fixture");
        await store.pool.query(
          `INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target, outcome, request_id)
           VALUES ($1, $2, $3, $4, 'environment/prod', 'success', $5)`,
          [new Date(base + i * 3_600_000), a.actorId, a.actorName, action, `req-${i}`],
        );
      }
    });

    it("pages newest first with a total", async () => {
      const p1 = await listAuditEvents(store.pool, { page: 1, pageSize: 15 });
      const p3 = await listAuditEvents(store.pool, { page: 3, pageSize: 15 });
      expect(p1.total).toBe(40);
      expect(p1.rows.map((r) => r.requestId).slice(0, 3)).toEqual(["req-39", "req-38", "req-37"]);
      expect(p3.rows.map((r) => r.requestId)).toEqual(Array.from({ length: 10 }, (_, i) => `req-${9 - i}`));
      expect(await listAuditEvents(store.pool, { page: 9, pageSize: 15 })).toMatchObject({ rows: [], total: 40, page: 9 });
    });

    it("filters by actor id or name, partial and case-insensitive", async () => {
      expect((await listAuditEvents(store.pool, { actor: "otto", page: 1, pageSize: 100 })).total).toBe(20);
      expect((await listAuditEvents(store.pool, { actor: "AAAAAAAA-0000", page: 1, pageSize: 100 })).total).toBe(20);
      expect((await listAuditEvents(store.pool, { actor: "%", page: 1, pageSize: 100 })).total).toBe(0);
    });

    it("filters by action prefix, treating % and _ literally", async () => {
      const total = async (action: string) => (await listAuditEvents(store.pool, { action, page: 1, pageSize: 100 })).total;
      expect(await total("environment.")).toBe(20);
      expect(await total("environment")).toBe(30);
      expect(await total("environments.list_")).toBe(10);
      // As wildcards these would match 30 and 10 rows.
      expect(await total("environment_")).toBe(0);
      expect(await total("environment%create")).toBe(0);
    });

    it("filters by time range (from inclusive, to exclusive) combined with other filters", async () => {
      const from = new Date("2026-11-01T10:00:00Z");
      const to = new Date("2026-11-01T20:00:00Z");
      const all = await listAuditEvents(store.pool, { from, to, page: 1, pageSize: 100 });
      expect(all.total).toBe(10);
      expect(all.rows.at(0)?.occurredAt.toISOString()).toBe("2026-11-01T19:00:00.000Z");
      expect(all.rows.at(-1)?.occurredAt.toISOString()).toBe("2026-11-01T10:00:00.000Z");
      expect((await listAuditEvents(store.pool, { from, to, actor: "ada", action: "environment.create", page: 1, pageSize: 100 })).total).toBe(2); // hours 12 and 16
    });

    it("refuses bad paging", async () => {
      await expect(listAuditEvents(store.pool, { page: 0, pageSize: 10 })).rejects.toThrow("page: page starts at 1");
      await expect(listAuditEvents(store.pool, { page: 1, pageSize: 5000 })).rejects.toThrow("pageSize: pageSize is at most 500");
    });

    it("lists distinct actions for the dropdown, sorted", async () => {
      expect(await listAuditActions(store.pool)).toEqual(["aks.upgrade", "environment.create", "environment.update", "environments.list_all"]);
    });
  });
});
