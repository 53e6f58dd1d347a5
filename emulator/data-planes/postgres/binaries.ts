/** Finds the machine's PostgreSQL server binaries (initdb + postgres of one installation). */
import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Where extension libraries (.so) live. */
  libDir: string;
  major: string;
}

function fromBinDir(bin: string): PostgresBinaries | undefined {
  const initdb = path.join(bin, "initdb");
  const postgres = path.join(bin, "postgres");
  if (!existsSync(initdb) || !existsSync(postgres)) return undefined;
  const real = path.dirname(realpathSync(postgres));
  const major = /postgresql\/(\d+)\//.exec(`${real}/`)?.[1] ?? "";
  return { initdb: realpathSync(initdb), postgres: realpathSync(postgres), libDir: path.join(path.dirname(real), "lib"), major };
}

/** /usr/local/bin first, then the newest /usr/lib/postgresql/<major>/bin; undefined when none. */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  const local = fromBinDir("/usr/local/bin");
  if (local) return local;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  for (const m of majors) {
    const found = fromBinDir(path.join(root, m, "bin"));
    if (found) return found;
  }
  return undefined;
}
