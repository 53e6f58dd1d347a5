/**
 * PostgreSQL refuses to run as root. When the local Azure runs as root (containers, CI), the
 * clusters run as the `postgres` OS user; on a laptop they run as the current user.
 */
import { chmodSync, chownSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { OsUser } from "../engine-process";

export function clusterUser(): OsUser | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (!uid || !gid) throw new Error("running as root, PostgreSQL needs the 'postgres' OS user to run its clusters, and there is none (create it, or run the local Azure as a normal user)");
  return { name: "postgres", uid: Number(uid), gid: Number(gid) };
}

/** Hand a folder (recursively for files we wrote) to the cluster user. */
export function giveTo(user: OsUser | undefined, target: string, mode?: number): void {
  if (mode !== undefined) chmodSync(target, mode);
  if (user) chownSync(target, user.uid, user.gid);
}

/** The cluster user must be able to walk down to its data folder (search permission only). */
export function ensureTraversable(user: OsUser | undefined, dir: string): void {
  if (!user) return;
  let current = path.dirname(path.resolve(dir));
  while (true) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, (mode & 0o7777) | 0o001);
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
