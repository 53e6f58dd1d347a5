import { describe, expect, it } from "vitest";
import { pgHbaConf, rangeToCidrs } from "./hba";
import { isScramVerifier, scramVerifier } from "./scram";

describe("rangeToCidrs", () => {
  it("covers exact ranges with the fewest blocks", () => {
    expect(rangeToCidrs("0.0.0.0", "255.255.255.255")).toEqual(["0.0.0.0/0"]);
    expect(rangeToCidrs("127.0.0.1", "127.0.0.1")).toEqual(["127.0.0.1/32"]);
    expect(rangeToCidrs("10.0.0.0", "10.0.0.255")).toEqual(["10.0.0.0/24"]);
    expect(rangeToCidrs("10.0.0.1", "10.0.0.6")).toEqual(["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]);
    expect(rangeToCidrs("10.0.0.9", "10.0.0.1")).toEqual([]);
  });
});

describe("pgHbaConf", () => {
  const base = { superuser: "azuresu", requireSecureTransport: true, privateAccess: false, publicNetworkAccess: true, firewallRules: [] };
  it("denies TCP without firewall rules (public access), like Azure", () => {
    expect(pgHbaConf(base)).not.toMatch(/^host/m);
  });
  it("maps rules to hostssl lines, or host when TLS is not required", () => {
    const rules = [{ name: "local", startIpAddress: "127.0.0.1", endIpAddress: "127.0.0.1" }];
    expect(pgHbaConf({ ...base, firewallRules: rules })).toContain("hostssl all all 127.0.0.1/32 scram-sha-256");
    expect(pgHbaConf({ ...base, requireSecureTransport: false, firewallRules: rules })).toContain("\nhost all all 127.0.0.1/32 scram-sha-256");
  });
  it("treats loopback as inside the VNet for private access, and ignores the Azure-services rule", () => {
    expect(pgHbaConf({ ...base, privateAccess: true })).toContain("hostssl all all 127.0.0.0/8");
    expect(pgHbaConf({ ...base, firewallRules: [{ name: "azure", startIpAddress: "0.0.0.0", endIpAddress: "0.0.0.0" }] })).not.toMatch(/^host/m);
  });
});

describe("scramVerifier", () => {
  it("matches PostgreSQL's format and is salted", () => {
    const v = scramVerifier("Xk9#pT2!vLq8-zR");
    expect(isScramVerifier(v)).toBe(true);
    expect(v).not.toContain("Xk9#");
    expect(scramVerifier("same")).not.toBe(scramVerifier("same"));
  });
});
