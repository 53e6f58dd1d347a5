import { describe, expect, it } from "vitest";
import { parseCommandInfo, parseSlowlogReply, redactCommand, REDACTED, type KeySpec } from "./slowlog";

// COMMAND INFO rows as redis-server 7 answers them: [name, arity, flags, first, last, step, acl, tips, keyspecs, subcommands].
const COMMAND_INFO = [
  ["set", -3, ["write"], 1, 1, 1, ["@write"], [], [], []],
  ["mset", -3, ["write"], 1, -1, 2, ["@write"], [], [], []],
  ["del", -2, ["write"], 1, -1, 1, ["@write"], [], [], []],
  ["eval", -3, ["noscript", "movablekeys"], 0, 0, 0, ["@scripting"], [], [], []],
  ["config", -2, [], 0, 0, 0, ["@slow"], [], [], [["config|set", -4, [], 0, 0, 0, [], [], [], []], ["config|get", -3, [], 0, 0, 0, [], [], [], []]]],
  ["memory", -2, [], 0, 0, 0, ["@slow"], [], [], [["memory|usage", -3, [], 2, 2, 1, [], [], [], []]]],
  null,
];

const specs: Record<string, KeySpec> = parseCommandInfo(COMMAND_INFO);

describe("parseCommandInfo", () => {
  it("keeps key positions, subcommands, and skips unknown commands", () => {
    expect(specs.mset).toEqual({ firstKey: 1, lastKey: -1, step: 2 });
    expect(specs.config?.subcommands?.set).toEqual({ firstKey: 0, lastKey: 0, step: 0 });
    expect(specs.memory?.subcommands?.usage).toEqual({ firstKey: 2, lastKey: 2, step: 1 });
    expect(Object.keys(specs)).toHaveLength(6);
  });
});

describe("redactCommand", () => {
  it("shows the command and its keys, never a value", () => {
    expect(redactCommand(["SET", "ohcnv:u1:c1", '{"sid":"c1"}', "EX", "15"], specs)).toEqual({
      command: "SET",
      keys: ["ohcnv:u1:c1"],
      redacted: `SET ohcnv:u1:c1 ${REDACTED} ${REDACTED} ${REDACTED}`,
    });
    expect(redactCommand(["mset", "a", "secret-1", "b", "secret-2"], specs).redacted).toBe(`MSET a ${REDACTED} b ${REDACTED}`);
    expect(redactCommand(["DEL", "k1", "k2", "k3"], specs).keys).toEqual(["k1", "k2", "k3"]);
  });

  it("shows a script's keys after numkeys but never the script or its arguments", () => {
    const r = redactCommand(["EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "ohcnv:u:c", "topsecret"], specs);
    expect(r.keys).toEqual(["ohcnv:u:c"]);
    expect(r.redacted).toBe(`EVAL ${REDACTED} ${REDACTED} ohcnv:u:c ${REDACTED}`);
  });

  it("names the subcommand and hides its arguments (CONFIG SET requirepass …)", () => {
    const r = redactCommand(["CONFIG", "SET", "requirepass", "hunter2"], specs);
    expect(r).toEqual({ command: "CONFIG SET", keys: [], redacted: `CONFIG SET ${REDACTED} ${REDACTED}` });
    expect(redactCommand(["memory", "usage", "ohcnv:a:b"], specs)).toMatchObject({ command: "MEMORY USAGE", keys: ["ohcnv:a:b"] });
  });

  it("redacts every argument of a command it has no key positions for", () => {
    expect(redactCommand(["HSET", "h", "f", "v"], {}).redacted).toBe(`HSET ${REDACTED} ${REDACTED} ${REDACTED}`);
    // Redis 6 (no subcommand specs): the subcommand word is still shown, its arguments are not.
    expect(redactCommand(["ACL", "SETUSER", "default", ">pw"], {}).redacted).toBe(`ACL SETUSER ${REDACTED} ${REDACTED}`);
    expect(redactCommand(["AUTH", "pw"], {}).redacted).toBe(`AUTH ${REDACTED}`);
  });

  it("keeps Redis' truncation marker as a count", () => {
    const args = ["DEL", ...Array.from({ length: 31 }, (_, i) => `k${i}`), "... (9 more arguments)"];
    const r = redactCommand(args, specs);
    expect(r.keys).toHaveLength(31);
    expect(r.redacted.endsWith("(+9 more arguments)")).toBe(true);
  });
});

describe("parseSlowlogReply", () => {
  it("reads SLOWLOG GET rows and refuses a non-list", () => {
    const rows = parseSlowlogReply([[7, 1795702327, 15300, ["GET", "k"], "127.0.0.1:5000", "openhands"], "junk"]);
    expect(rows).toEqual([{ id: 7, at: 1795702327000, durationMicros: 15300, args: ["GET", "k"], client: "127.0.0.1:5000", clientName: "openhands" }]);
    expect(() => parseSlowlogReply("ERR")).toThrow(/did not answer a list/);
  });
});
