import { describe, expect, it } from "vitest";
import { binaryVersionFrom, commandFilter, parseVersion, renameLines } from "./command-set";

describe("command set of a cache (ARM redisVersion vs the redis-server binary)", () => {
  it("takes Redis 6.2 and 7.0 commands away from a 6.0 cache served by redis-server 7.0", () => {
    const f = commandFilter("6.0.14", "7.0.15");
    expect(f.renamed).toEqual(expect.arrayContaining(["FUNCTION", "FCALL", "LMPOP", "ZMPOP", "SINTERCARD", "GETDEL", "LMOVE"]));
    expect(f.aclDenials).toEqual(expect.arrayContaining(["-client|no-evict", "-command|docs", "-client|unpause"]));
    // 7.2 / 7.4 commands do not exist in a 7.0 binary: renaming them would stop redis-server.
    expect(f.renamed).not.toContain("WAITAOF");
    expect(f.renamed).not.toContain("HEXPIRE");
    expect(f.aclDenials).not.toContain("-client|no-touch");
    expect(renameLines(f)).toContain('rename-command FUNCTION ""');
  });

  it("takes newer commands away from newer binaries too, and nothing the binary lacks", () => {
    expect(commandFilter("6.0.14", "7.4.1").renamed).toEqual(expect.arrayContaining(["WAITAOF", "HEXPIRE", "FUNCTION"]));
    expect(commandFilter("6.0.14", "6.0.16")).toEqual({ renamed: [], aclDenials: [] });
    expect(commandFilter("6.0.14", "6.2.6").renamed).toContain("GETDEL");
    expect(commandFilter("6.0.14", "6.2.6").renamed).not.toContain("FUNCTION");
  });

  it("serves a retired 4.0 cache with the 6.0 set (ACL stays: the data plane rotates keys with it)", () => {
    expect(commandFilter("4.0.14", "7.0.15")).toEqual(commandFilter("6.0.14", "7.0.15"));
  });

  it("filters nothing when a version is unknown", () => {
    expect(commandFilter("", "7.0.15")).toEqual({ renamed: [], aclDenials: [] });
    expect(commandFilter("6.0.14", null)).toEqual({ renamed: [], aclDenials: [] });
  });

  it("reads versions", () => {
    expect(binaryVersionFrom("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d")).toBe("7.0.15");
    expect(binaryVersionFrom("garbage")).toBeNull();
    expect(binaryVersionFrom("Valkey server v=8.0.1 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64")).toBeNull();
    expect(parseVersion("6")).toEqual([6, 0, 0]);
    expect(parseVersion("x")).toBeNull();
  });
});
