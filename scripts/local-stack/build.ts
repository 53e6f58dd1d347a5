/**
 * Decides whether the console needs a production build: `next build` runs when there is no
 * build yet or when any source that goes into it changed since (a fingerprint of paths, sizes
 * and modification times is kept beside the build).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCE_ROOTS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json", "instrumentation.ts", "instrumentation-node.ts"];
const STAMP = path.join(".next", "console-source-stamp");

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (!/\.test\.tsx?$/.test(entry.name)) out.push(full);
  }
}

export function sourceFingerprint(root: string): string {
  const files: string[] = [];
  for (const r of SOURCE_ROOTS) walk(path.join(root, r), files);
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) files.push(path.join(root, f));
  const hash = createHash("sha256");
  for (const f of files.sort()) {
    const s = statSync(f);
    hash.update(`${path.relative(root, f)}:${s.size}:${s.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

export function buildIsCurrent(root: string): boolean {
  const stamp = path.join(root, STAMP);
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(stamp)) return false;
  return readFileSync(stamp, "utf8") === sourceFingerprint(root);
}

export function markBuildCurrent(root: string): void {
  writeFileSync(path.join(root, STAMP), sourceFingerprint(root));
}
