/**
 * Child processes of the data planes (postgres, redis-server): started so they cannot outlive
 * the local Azure process (setpriv --pdeathsig when available, which also drops root for
 * postgres), stopped with a grace period, and a clear error when their address is taken.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";

export interface OsUser {
  uid: number;
  gid: number;
  name: string;
}

export interface EngineProcess {
  readonly pid: number | undefined;
  /** Resolves when the process has exited (immediately if it already has). */
  exited: Promise<number | null>;
  /** The last lines it printed (for error messages). */
  output(): string;
  stop(signal: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));

export function startEngine(command: string, args: string[], opts: { user?: OsUser; deathSignal: NodeJS.Signals; cwd?: string; env?: NodeJS.ProcessEnv }): EngineProcess {
  const env = { ...(opts.env ?? process.env), LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
  let child: ChildProcess;
  if (SETPRIV) {
    const drop = opts.user ? [`--reuid=${opts.user.uid}`, `--regid=${opts.user.gid}`, "--init-groups"] : [];
    child = spawn(SETPRIV, [...drop, "--pdeathsig", opts.deathSignal.replace(/^SIG/, ""), "--", command, ...args], { stdio: ["ignore", "pipe", "pipe"], env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  } else {
    child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env, ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}), ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  }
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.once("error", (err) => {
      lines.push(err.message);
      resolve(null);
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    get pid() {
      return child.pid;
    },
    exited,
    output: () => lines.slice(-12).join("\n"),
    async stop(signal, graceMs = 10_000) {
      if (done) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Run a command to completion (initdb); rejects with its output when it fails. */
export async function runToCompletion(command: string, args: string[], opts: { user?: OsUser; env?: NodeJS.ProcessEnv }): Promise<void> {
  const p = startEngine(command, args, { ...opts, deathSignal: "SIGKILL" });
  const code = await p.exited;
  if (code !== 0) throw new Error(`${command.split("/").pop() ?? command} failed (exit ${String(code)}): ${p.output()}`);
}

export class AddressInUseError extends Error {
  constructor(host: string, port: number) {
    super(`address ${host}:${port} is already in use by another process; stop it or free the address`);
    this.name = "AddressInUseError";
  }
}

/** Fails with AddressInUseError when something already listens on host:port. */
export async function assertAddressFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => reject(err.code === "EADDRINUSE" ? new AddressInUseError(host, port) : err));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** True once a TCP connection to host:port succeeds. */
export function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
