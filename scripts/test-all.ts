/**
 * `npm test`: every check the project has, in order, stopping at the first failure:
 * typecheck → lint → unit → integration → one production build → end-to-end (Playwright).
 * Prints a timing table and a closing "tests: N passed, N failed" line counted from the
 * runners' JSON reports.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { markBuildCurrent } from "./local-stack/build";

const root = process.cwd();
const reports = path.join(root, "test-results", "reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Stage { name: string; cmd: string; args: string[]; env?: Record<string, string>; after?: () => void }

const only = process.argv.slice(2);
const allStages: Stage[] = [
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", cmd: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "unit", cmd: bin("vitest"), args: ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/unit.json`] },
  { name: "integration", cmd: bin("vitest"), args: ["run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/integration.json`] },
  { name: "build", cmd: bin("next"), args: ["build"], env: { NEXT_TELEMETRY_DISABLED: "1" }, after: () => markBuildCurrent(root) },
  { name: "e2e", cmd: bin("playwright"), args: ["test"], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` } },
];
const stages = allStages.filter((s) => only.length === 0 || only.includes(s.name));

function vitestCounts(file: string): { passed: number; failed: number; skipped: number } {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwrightCounts(file: string): { passed: number; failed: number; skipped: number } {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

const timings: string[] = [];
let failedStage: string | undefined;
const started = Date.now();
for (const stage of stages) {
  console.log(`\n━━ ${stage.name} ━━`);
  const t0 = Date.now();
  const res = spawnSync(stage.cmd, stage.args, { stdio: "inherit", env: { ...process.env, ...stage.env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  timings.push(`${stage.name.padEnd(12)} ${secs.padStart(7)} s  ${res.status === 0 ? "ok" : "FAILED"}`);
  if (res.status !== 0) {
    failedStage = stage.name;
    break;
  }
  stage.after?.();
}

const counts = [vitestCounts(`${reports}/unit.json`), vitestCounts(`${reports}/integration.json`), playwrightCounts(`${reports}/e2e.json`)];
const total = counts.reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n━━ summary ━━\n${timings.join("\n")}\n${"total".padEnd(12)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
if (failedStage) console.log(`stage failed: ${failedStage}`);
const failed = total.failed + (failedStage && total.failed === 0 ? 1 : 0);
console.log(`tests: ${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failedStage ? 1 : 0);
