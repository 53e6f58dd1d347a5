/**
 * `npm run bench`: every benchmark under bench/, one after another (they share the machine's
 * PostgreSQL and would disturb each other's numbers), each printing its own numbers. Names given
 * on the command line pick some: `npm run bench -- sandboxes-scale monitoring-calls`.
 * A failing benchmark is reported and the rest still run; the exit code says whether any failed.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const benchDir = path.join(root, "bench");
// bench-stack.ts is the shared harness, not a benchmark.
const all = readdirSync(benchDir).filter((f) => f.endsWith(".ts") && f !== "bench-stack.ts").map((f) => f.replace(/\.ts$/, "")).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; there are: ${all.join(", ")}`);
  process.exit(2);
}
const chosen = wanted.length > 0 ? wanted : all;
const results: string[] = [];
for (const name of chosen) {
  console.log(`\n━━ bench/${name}.ts ━━`);
  const t0 = Date.now();
  const res = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [path.join(benchDir, `${name}.ts`)], { stdio: "inherit" });
  results.push(`${name.padEnd(22)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s  ${res.status === 0 ? "ok" : `FAILED (exit ${res.status ?? res.signal})`}`);
}
console.log(`\n━━ benchmarks ━━\n${results.join("\n")}`);
process.exit(results.some((r) => r.includes("FAILED")) ? 1 : 0);
