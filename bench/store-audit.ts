/**
 * How fast is the audit log page with a big log? Fills a scratch database with 100k audit
 * events (real PostgreSQL by default; `--pglite` for the embedded store) and prints the median
 * time of listAuditEvents for the filters the log page offers. Prints numbers, asserts nothing.
 *   npx tsx bench/store-audit.ts [--rows 100000] [--pglite]
 */
import { listAuditActions, listAuditEvents, recordAuditEvent, type AuditFilter } from "../lib/store/audit";
import { startTestStore } from "../lib/store/test-backends";

const args = process.argv.slice(2);
const rows = Number(args[args.indexOf("--rows") + 1] ?? 100_000) || 100_000;
const kind = args.includes("--pglite") ? "pglite" : "postgres";

const store = await startTestStore(kind, { pglitePort: 15439 });
try {
  const t0 = performance.now();
  // Bulk fill in SQL: 7 actors, 12 actions (independent of the actor), one event a minute going back ~70 days.
  await store.pool.query(
    `INSERT INTO audit_events (occurred_at, actor_id, actor_name, action, target, changes, outcome, request_id)
     SELECT now() - make_interval(mins => g),
            'user-' || (g % 7), 'User ' || (g % 7),
            (ARRAY['environment.create','environment.update','environment.delete','aks.upgrade.start','aks.upgrade.finish',
                   'openhands.upgrade.start','openhands.upgrade.finish','operation.cancel','operation.retry',
                   'diagnostics.run','sandbox.stop','settings.update'])[1 + (g / 7) % 12],
            'environment/env' || (g % 5),
            CASE WHEN g % 3 = 0 THEN jsonb_build_object('nodeCount', jsonb_build_object('old', g % 7, 'new', g % 7 + 1)) END,
            (ARRAY['success','success','success','failure','denied'])[1 + g % 5],
            'req-' || g
     FROM generate_series(1, $1::int) AS g`,
    [rows],
  );
  await store.pool.query("ANALYZE audit_events");
  console.log(`${kind}: inserted ${rows} audit events in ${(performance.now() - t0).toFixed(0)} ms`);

  const t1 = performance.now();
  for (let i = 0; i < 200; i++) {
    await recordAuditEvent(store.pool, {
      actorId: "bench", actorName: "Bench", action: "bench.record", target: "environment/prod",
      changes: { nodeCount: { old: i, new: i + 1 } }, outcome: "success", requestId: `bench-${i}`,
    });
  }
  console.log(`recordAuditEvent: ${((performance.now() - t1) / 200).toFixed(2)} ms per event (200 sequential, with redaction)`);

  const day = 24 * 3_600_000;
  const cases: [string, Omit<AuditFilter, "page" | "pageSize">, number][] = [
    ["no filter, page 1", {}, 1],
    ["no filter, page 200", {}, 200],
    ["actor 'user 3' (partial, any case)", { actor: "user 3" }, 1],
    ["action prefix 'aks.'", { action: "aks." }, 1],
    ["action prefix 'environment.delete'", { action: "environment.delete" }, 1],
    ["last 24 h", { from: new Date(Date.now() - day) }, 1],
    ["7 days ago, 1 day window", { from: new Date(Date.now() - 8 * day), to: new Date(Date.now() - 7 * day) }, 1],
    ["actor + action + 7 days", { actor: "user 3", action: "environment.", from: new Date(Date.now() - 7 * day) }, 1],
  ];
  console.log("\nlistAuditEvents, pageSize 50, median of 7 runs:");
  for (const [name, filter, page] of cases) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const res = await listAuditEvents(store.pool, { ...filter, page, pageSize: 50 });
      times.push(performance.now() - t);
      total = res.total;
    }
    times.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(40)} ${(times[3] ?? 0).toFixed(1).padStart(8)} ms   (total ${total})`);
  }
  const ta = performance.now();
  const actions = await listAuditActions(store.pool);
  console.log(`\nlistAuditActions: ${actions.length} actions in ${(performance.now() - ta).toFixed(1)} ms`);
} finally {
  await store.close();
}
