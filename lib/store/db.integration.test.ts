import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction, withStoreTransaction, withTransaction } from "./db";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

describe.each(BACKENDS)("transactions on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15432, migrate: false });
    await store.pool.query("CREATE TABLE things (name text PRIMARY KEY)");
  });
  afterAll(async () => store?.close());

  const names = async () => (await store.pool.query<{ name: string }>("SELECT name FROM things ORDER BY name")).rows.map((r) => r.name);

  it("withTransaction commits what fn did and returns its result", async () => {
    const result = await withTransaction(store.pool, async (tx) => {
      await tx.query("INSERT INTO things VALUES ('a'), ('b')");
      return 42;
    });
    expect(result).toBe(42);
    expect(await names()).toEqual(["a", "b"]);
  });

  it("withTransaction rolls everything back when fn throws, and the pool stays usable", async () => {
    const err = await withTransaction(store.pool, async (tx) => {
      await tx.query("INSERT INTO things VALUES ('c')");
      throw new Error("changed my mind");
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("changed my mind");
    // A failing statement aborts the transaction; the rollback must still leave a clean client.
    await expect(withTransaction(store.pool, async (tx) => tx.query("INSERT INTO things VALUES ('a')"))).rejects.toThrow(/duplicate key/);
    expect(await names()).toEqual(["a", "b"]);
  });

  it("inTransaction on a client uses the caller's transaction", async () => {
    const client = await store.pool.connect();
    try {
      await client.query("BEGIN");
      await inTransaction(client, async (tx) => tx.query("INSERT INTO things VALUES ('d')"));
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await names()).toEqual(["a", "b"]);
  });

  it("with a pool of 1, a query issued while a transaction is open waits for it instead of failing", async () => {
    const single = store.newPool(1);
    let outside: Promise<string[]> | undefined;
    await withTransaction(single, async (tx) => {
      await tx.query("INSERT INTO things VALUES ('e')");
      outside = single.query<{ name: string }>("SELECT name FROM things ORDER BY name").then((r) => r.rows.map((x) => x.name));
    });
    expect(await outside).toEqual(["a", "b", "e"]);
  });

  it("withStoreTransaction: pool queries inside join it, a nested withTransaction is a savepoint, later background work uses the pool", async () => {
    const single = store.newPool(1); // PGlite's setting: any second connection would deadlock
    let later: Promise<unknown> | undefined;
    const err = await withStoreTransaction(single, async () => {
      await single.query("INSERT INTO things VALUES ('f')");
      // A nested failure undoes only its own statements; the outer transaction goes on.
      await withTransaction(single, async (tx) => {
        await tx.query("INSERT INTO things VALUES ('g')");
        throw new Error("inner failed");
      }).catch(() => undefined);
      await withTransaction(single, async (tx) => tx.query("INSERT INTO things VALUES ('h')"));
      throw new Error("outer failed");
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("outer failed");
    expect(await names()).toEqual(["a", "b", "e"]);

    await withStoreTransaction(single, async () => {
      await single.query("INSERT INTO things VALUES ('f')");
      await withTransaction(single, async (tx) => tx.query("INSERT INTO things VALUES ('h')"));
      // Started inside (it inherits the async context) but runs after COMMIT: must not use the released client.
      later = new Promise((resolve) => setTimeout(resolve, 100)).then(() => single.query("INSERT INTO things VALUES ('i')"));
    });
    expect(await names()).toEqual(["a", "b", "e", "f", "h"]);
    await later;
    expect(await names()).toEqual(["a", "b", "e", "f", "h", "i"]);
  });

  it("a second bundled copy of db.ts (as Next makes) joins the same ambient transaction instead of deadlocking a pool of one", async () => {
    // A query string makes the module loader evaluate db.ts again: its own functions, shared globalThis.
    const copy = (await import(/* @vite-ignore */ `./db.ts?copy=${kind}`)) as typeof import("./db");
    expect(copy.withTransaction).not.toBe(withTransaction);
    const single = store.newPool(1);
    await withStoreTransaction(single, async () => {
      await copy.withTransaction(single, async (tx) => tx.query("INSERT INTO things VALUES ('j')"));
    });
    expect(await names()).toContain("j");
  }, 10_000);
});
