/**
 * Which commands a cache has, given the Redis version ARM says it runs (6.0.14 for "6"/"latest")
 * and the version of the redis-server binary that actually serves it (Debian's is 7.0.15).
 *
 * Azure Cache for Redis 6 answers `ERR unknown command` for anything newer than 6.0, so a command
 * the binary has but the ARM version lacks is renamed away (`rename-command X ""`, which gives
 * the same unknown-command error). Subcommands cannot be renamed: they are denied in the ACL
 * (`-client|no-evict`), which answers NOPERM instead. Only commands the binary has are listed,
 * since redis-server refuses to start on a rename of a command it does not know.
 *
 * Not filterable in plain redis config (documented as differences in the README): new options of
 * old commands (`EXPIRE … NX|XX|GT|LT`, `SET … GET`, `BITCOUNT … BIT`), INFO/HELLO's `redis_version`.
 * Sources: the "@since" field of each command on redis.io/commands (history of Redis 6.2, 7.0,
 * 7.2 and 7.4).
 */

interface Introduced {
  since: string;
  commands?: string[];
  /** container|subcommand, denied through the ACL. */
  subcommands?: string[];
}

const INTRODUCED: Introduced[] = [
  {
    since: "6.2.0",
    commands: ["GETDEL", "GETEX", "COPY", "LMOVE", "BLMOVE", "ZRANGESTORE", "ZUNION", "ZINTER", "ZDIFF", "ZDIFFSTORE", "ZRANDMEMBER", "HRANDFIELD", "SMISMEMBER", "GEOSEARCH", "GEOSEARCHSTORE", "FAILOVER", "RESET", "XAUTOCLAIM"],
    subcommands: ["client|info", "client|trackinginfo", "client|unpause"],
  },
  {
    since: "7.0.0",
    commands: ["FUNCTION", "FCALL", "FCALL_RO", "LMPOP", "BLMPOP", "ZMPOP", "BZMPOP", "SINTERCARD", "EXPIRETIME", "PEXPIRETIME", "SORT_RO", "EVAL_RO", "EVALSHA_RO", "LCS", "SPUBLISH", "SSUBSCRIBE", "SUNSUBSCRIBE"],
    subcommands: ["client|no-evict", "command|docs", "command|list", "command|getkeysandflags", "acl|dryrun", "latency|histogram", "pubsub|shardchannels", "pubsub|shardnumsub", "cluster|shards", "cluster|links", "cluster|addslotsrange", "cluster|delslotsrange", "module|loadex"],
  },
  { since: "7.2.0", commands: ["WAITAOF"], subcommands: ["client|no-touch", "cluster|myshardid"] },
  { since: "7.4.0", commands: ["HEXPIRE", "HPEXPIRE", "HEXPIREAT", "HPEXPIREAT", "HTTL", "HPTTL", "HEXPIRETIME", "HPEXPIRETIME", "HPERSIST"] },
];

/** "7.0.15" → [7, 0, 15]; anything unparsable → null. */
export function parseVersion(text: string): [number, number, number] | null {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The version in `redis-server --version` output ("Redis server v=7.0.15 sha=…"). Only Redis
 * itself: a fork behind the same name (Valkey's "Valkey server v=8.0.1") numbers its commands
 * differently, and renaming one it lacks would stop it, so it gets no filter (null).
 */
export function binaryVersionFrom(output: string): string | null {
  return /^Redis server v=(\d+\.\d+\.\d+)/.exec(output.trim())?.[1] ?? null;
}

export interface CommandFilter {
  /** Top-level commands renamed away (unknown command). */
  renamed: string[];
  /** ACL rules denying subcommands (NOPERM), e.g. "-client|no-evict". */
  aclDenials: string[];
}

/**
 * What to take away from a `binaryVersion` redis-server so it serves only the commands of
 * `armVersion`. Azure's Redis 4 was retired (2023); a "4.0.x" cache gets the 6.0 set (the data
 * plane needs ACL, new in 6.0, for key rotation).
 */
export function commandFilter(armVersion: string, binaryVersion: string | null): CommandFilter {
  const arm = parseVersion(armVersion);
  const binary = binaryVersion ? parseVersion(binaryVersion) : null;
  if (!arm || !binary) return { renamed: [], aclDenials: [] };
  const served: [number, number, number] = arm[0] < 6 ? [6, 0, 0] : [arm[0], arm[1], Number.MAX_SAFE_INTEGER];
  const missing = INTRODUCED.filter((i) => {
    const since = parseVersion(i.since)!;
    return compare(since, served) > 0 && compare(since, binary) <= 0;
  });
  return {
    renamed: missing.flatMap((i) => i.commands ?? []),
    aclDenials: missing.flatMap((i) => (i.subcommands ?? []).map((s) => `-${s}`)),
  };
}

/** redis.conf lines for the filter. */
export function renameLines(filter: CommandFilter): string[] {
  return filter.renamed.map((c) => `rename-command ${c} ""`);
}
