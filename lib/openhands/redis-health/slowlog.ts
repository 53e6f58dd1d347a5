/**
 * SLOWLOG entries, redacted: the page shows the command name (and subcommand), the key names and
 * nothing else — values, scripts, passwords and payloads become a placeholder. Which argument is a
 * key comes from the server's own `COMMAND INFO` (first key, last key, step), so any command is
 * handled; an argument whose role is unknown is redacted. Pure functions here; I/O in index.ts.
 */

export const REDACTED = "‹value›";

/**
 * The name the console gives its Redis connections (CLIENT SETNAME, through ioredis'
 * `connectionName`). SLOWLOG records it per entry, which is how the health page tells the
 * console's own commands (its keyspace SCAN sample) from OpenHands': the console must not warn
 * about the cache because of its own look at it.
 */
export const CONSOLE_REDIS_CLIENT_NAME = "openhands-console";

export interface SlowlogEntry {
  id: number;
  /** Unix milliseconds when the command ran. */
  at: number;
  durationMicros: number;
  /** "SET", "CONFIG SET". */
  command: string;
  /** Key names the command touched (as Redis logged them: long ones are truncated by Redis). */
  keys: string[];
  /** The command line with every non-key argument replaced by ‹value›. */
  redacted: string;
  client: string;
  clientName: string;
  /** Sent by the console itself (its client name): shown, never judged. */
  own: boolean;
}

/** Where a command's keys are, from `COMMAND INFO` (1-based argument positions; lastKey < 0 counts from the end). */
export interface KeySpec {
  firstKey: number;
  lastKey: number;
  step: number;
  /** Subcommand specs by lower-case name (Redis 7: `config|set`, `memory|usage`). */
  subcommands?: Record<string, KeySpec>;
}

/** The raw reply of SLOWLOG GET: [id, unix seconds, micros, args[], client addr, client name]. */
export interface RawSlowlogEntry {
  id: number;
  at: number;
  durationMicros: number;
  args: string[];
  client: string;
  clientName: string;
}

export function parseSlowlogReply(reply: unknown): RawSlowlogEntry[] {
  if (!Array.isArray(reply)) throw new Error("SLOWLOG GET did not answer a list");
  return reply.flatMap((row: unknown) => {
    if (!Array.isArray(row) || row.length < 4 || !Array.isArray(row[3])) return [];
    const [id, ts, micros, args, client, name] = row as unknown[];
    return [
      {
        id: Number(id),
        at: Number(ts) * 1000,
        durationMicros: Number(micros),
        args: (args as unknown[]).map((a) => String(a)),
        client: typeof client === "string" ? client : "",
        clientName: typeof name === "string" ? name : "",
      },
    ];
  });
}

/** `COMMAND INFO a b c` → specs by lower-case command name (unknown commands answer null and are skipped). */
export function parseCommandInfo(reply: unknown): Record<string, KeySpec> {
  const out: Record<string, KeySpec> = {};
  if (!Array.isArray(reply)) return out;
  for (const row of reply) {
    const spec = specOf(row);
    if (spec) out[spec.name] = spec.spec;
  }
  return out;
}

function specOf(row: unknown): { name: string; spec: KeySpec } | null {
  if (!Array.isArray(row) || row.length < 6 || typeof row[0] !== "string") return null;
  const spec: KeySpec = { firstKey: Number(row[3]), lastKey: Number(row[4]), step: Number(row[5]) };
  const subs = row[9];
  if (Array.isArray(subs) && subs.length > 0) {
    spec.subcommands = {};
    for (const s of subs) {
      const sub = specOf(s);
      if (sub) spec.subcommands[sub.name.split("|")[1] ?? sub.name] = sub.spec;
    }
  }
  return { name: row[0].toLowerCase(), spec };
}

/** Commands whose keys follow a numkeys argument at position 2 (the script/function body is never shown). */
const NUMKEYS_AT_2 = new Set(["eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"]);
/** Container commands on servers without subcommand specs (Redis 6): their first argument is a subcommand name. */
const CONTAINERS = new Set(["acl", "client", "cluster", "command", "config", "debug", "function", "latency", "memory", "module", "object", "pubsub", "script", "slowlog", "xgroup", "xinfo"]);
/** Redis' own marker when it cut an argument list: "... (N more arguments)". */
const MORE_ARGS = /^\.\.\. \((\d+) more arguments\)$/;

/** Positions (0-based in args) that hold keys. */
function keyPositions(args: string[], spec: KeySpec | undefined, name: string): Set<number> {
  const at = new Set<number>();
  if (NUMKEYS_AT_2.has(name)) {
    const n = Number(args[2]);
    if (Number.isInteger(n) && n >= 0) for (let i = 3; i < Math.min(args.length, 3 + n); i++) at.add(i);
    return at;
  }
  if (!spec || spec.firstKey <= 0 || spec.step <= 0) return at;
  const last = spec.lastKey < 0 ? args.length + spec.lastKey : spec.lastKey;
  for (let i = spec.firstKey; i <= last && i < args.length; i += spec.step) at.add(i);
  return at;
}

export function redactCommand(args: string[], specs: Record<string, KeySpec>): { command: string; keys: string[]; redacted: string } {
  const name = args[0]?.toLowerCase();
  if (name === undefined) return { command: "", keys: [], redacted: "" };
  let spec = specs[name];
  let words = 1;
  const sub = args[1]?.toLowerCase();
  if (sub !== undefined && spec?.subcommands?.[sub]) {
    spec = spec.subcommands[sub];
    words = 2;
  } else if (sub !== undefined && !spec?.subcommands && CONTAINERS.has(name) && /^[a-z][a-z-]{0,23}$/.test(sub)) {
    words = 2; // subcommand name only; its arguments stay redacted
    spec = undefined;
  }
  const command = args.slice(0, words).join(" ").toUpperCase();
  const keyAt = keyPositions(args, spec, name);
  const keys: string[] = [];
  const shown = [command];
  args.forEach((arg, i) => {
    if (i < words) return;
    const more = MORE_ARGS.exec(arg);
    if (more && i === args.length - 1) shown.push(`(+${more[1]} more arguments)`);
    else if (keyAt.has(i)) {
      keys.push(arg);
      shown.push(arg);
    } else shown.push(REDACTED);
  });
  return { command, keys, redacted: shown.join(" ") };
}

export function redactSlowlog(entries: RawSlowlogEntry[], specs: Record<string, KeySpec>): SlowlogEntry[] {
  return entries.map((e) => ({ id: e.id, at: e.at, durationMicros: e.durationMicros, ...redactCommand(e.args, specs), client: e.client, clientName: e.clientName, own: e.clientName === CONSOLE_REDIS_CLIENT_NAME }));
}
