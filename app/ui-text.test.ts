/**
 * Text that reaches the browser must not point at the project's internal documents ("DESIGN §2",
 * "knowledge/openhands.md §2"): an admin has neither. Comments may cite them; code may not. Scans
 * every non-test source file of app/, components/ and lib/ with comments taken out.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const INTERNAL_REFERENCE = /DESIGN(\.md)?\s*§|knowledge\/[\w-]+\.md|§\s*\d/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(e.name) && !/\.(test|spec)\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Code without comments: block comments (JSDoc, JSX `{/* … *\/}`) and line comments (`//` not part of a URL). */
export function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\w])\/\/.*$/gm, "$1");
}

describe("user-visible text", () => {
  it("strips comments but keeps strings", () => {
    expect(withoutComments('const a = "DESIGN §2"; // DESIGN §3\n/** knowledge/x.md */ const u = "https://x";')).toBe('const a = "DESIGN §2"; \n const u = "https://x";');
  });

  it("cites no internal document (DESIGN §…, knowledge/…md) in app/, components/ or lib/", () => {
    const offenders = ["app", "components", "lib"]
      .flatMap((d) => sources(join(ROOT, d)))
      .flatMap((file) =>
        withoutComments(readFileSync(file, "utf8"))
          .split("\n")
          .filter((line) => INTERNAL_REFERENCE.test(line))
          .map((line) => `${relative(ROOT, file)}: ${line.trim().slice(0, 160)}`),
      );
    expect(offenders).toEqual([]);
  });
});
