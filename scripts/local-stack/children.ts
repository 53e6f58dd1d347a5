/**
 * Child processes of the local stack. Each runs in its own process group so that stopping the
 * stack also stops grandchildren (next start → next-server), output is prefixed on the console
 * and kept in <dataDir>/logs/<name>.log, and an unexpected exit is reported with its last lines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";

export interface StackChild {
  name: string;
  process: ChildProcess;
  recentLines: string[];
  exited: Promise<number | null>;
  stopping: boolean;
}

const COLORS: Record<string, string> = { postgres: "36", entra: "35", azure: "34", console: "32", build: "33" };

export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; logDir: string; quiet?: boolean },
): StackChild {
  mkdirSync(opts.logDir, { recursive: true });
  const log: WriteStream = createWriteStream(path.join(opts.logDir, `${name}.log`), { flags: "a" });
  const child = spawn(command, args, { env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const recentLines: string[] = [];
  const prefix = `\x1b[${COLORS[name] ?? "37"}m[${name}]\x1b[0m `;
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      recentLines.push(line);
      if (recentLines.length > 40) recentLines.shift();
      if (!opts.quiet) process.stdout.write(prefix + line + "\n");
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => { log.end(); resolve(code); }));
  return { name, process: child, recentLines, exited, stopping: false };
}

/** SIGTERM the child's process group, SIGKILL after a grace period. */
export async function stopChild(child: StackChild, graceMs = 8000): Promise<void> {
  child.stopping = true;
  const pid = child.process.pid;
  if (pid === undefined || child.process.exitCode !== null || child.process.signalCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
  signal("SIGKILL"); // grandchildren that ignored SIGTERM
}

export async function waitFor(what: string, probe: () => Promise<boolean>, opts: { timeoutMs: number; child?: StackChild }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (opts.child && opts.child.process.exitCode !== null) {
      throw new Error(`${what} exited (code ${opts.child.process.exitCode}) before it was ready:\n${opts.child.recentLines.slice(-15).join("\n")}`);
    }
    try {
      if (await probe()) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} was not ready after ${Math.round(opts.timeoutMs / 1000)} s${opts.child ? `:\n${opts.child.recentLines.slice(-15).join("\n")}` : ""}`);
}
