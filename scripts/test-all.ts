/**
 * `npm test`: every check the project has, stopping at the first failing group:
 *   typecheck ∥ lint ∥ unit  →  integration ∥ one production build  →  end-to-end (Playwright).
 * Stages of a group run at the same time (2 cores: the integration tests mostly wait on the
 * local Azure, so the build's CPU fits beside them, as typecheck and lint fit beside unit); the
 * first stage of a group prints as it runs, the others' output is printed whole when they end.
 * Prints a timing table and a closing "tests: N passed, N failed" line counted from the
 * runners' JSON reports.
 */
import { spawn } from "node:child_process";
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

/** The order of the groups; a stage not named here would never run. */
const GROUPS = [["unit", "typecheck", "lint"], ["integration", "build"], ["e2e"]];

interface Outcome { stage: Stage; ok: boolean; secs: string }

/** Runs one stage; `live` streams its output, else it is kept and printed whole at the end. */
function run(stage: Stage, live: boolean): Promise<Outcome> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(stage.cmd, stage.args, { stdio: live ? "inherit" : ["ignore", "pipe", "pipe"], env: { ...process.env, ...stage.env } });
    const kept: Buffer[] = [];
    child.stdout?.on("data", (b: Buffer) => kept.push(b));
    child.stderr?.on("data", (b: Buffer) => kept.push(b));
    const done = (code: number | null) => {
      if (!live) process.stdout.write(`\n━━ ${stage.name} (ran beside the stage above) ━━\n${Buffer.concat(kept).toString("utf8")}`);
      resolve({ stage, ok: code === 0, secs: ((Date.now() - t0) / 1000).toFixed(1) });
    };
    child.on("error", () => done(1));
    child.on("close", done);
  });
}

const timings: string[] = [];
let failedStage: string | undefined;
const started = Date.now();
for (const names of GROUPS) {
  const group = stages.filter((s) => names.includes(s.name)).sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  if (group.length === 0) continue;
  console.log(`\n━━ ${group.map((s) => s.name).join(" ∥ ")} ━━`);
  const outcomes = await Promise.all(group.map((stage, i) => run(stage, i === 0)));
  for (const o of outcomes) {
    timings.push(`${o.stage.name.padEnd(12)} ${o.secs.padStart(7)} s  ${o.ok ? "ok" : "FAILED"}`);
    if (o.ok) o.stage.after?.();
    else failedStage ??= o.stage.name;
  }
  if (failedStage) break;
}

const counts = [vitestCounts(`${reports}/unit.json`), vitestCounts(`${reports}/integration.json`), playwrightCounts(`${reports}/e2e.json`)];
const total = counts.reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`\n━━ summary ━━\n${timings.join("\n")}\n${"total".padEnd(12)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
if (failedStage) console.log(`stage failed: ${failedStage}`);
const failed = total.failed + (failedStage && total.failed === 0 ? 1 : 0);
console.log(`tests: ${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failedStage ? 1 : 0);
