import { describe, expect, it } from "vitest";
import type { NetworkTarget } from "../types";
import { addressSpaceChecks } from "./address-space";
import { parseCidr } from "./cidr";
import { makeTarget } from "./fixtures";

const base = makeTarget();
function withNetwork(patch: Partial<NetworkTarget>) {
  return makeTarget({ network: { ...base.network!, ...patch } });
}
const byId = (t: ReturnType<typeof makeTarget>, id: string) => addressSpaceChecks(t).find((c) => c.id === id);

describe("parseCidr", () => {
  it("accepts network addresses and explains what is wrong otherwise", () => {
    expect(parseCidr("10.40.0.0/16")).toMatchObject({ ok: true, cidr: { size: 65536, prefix: 16 } });
    expect(parseCidr("10.40.1.0/16")).toMatchObject({ ok: false, problem: expect.stringContaining("10.40.0.0/16") });
    expect(parseCidr("10.300.0.0/16").ok).toBe(false);
    expect(parseCidr("10.0.0.0/33").ok).toBe(false);
    expect(parseCidr("fd00::/8").ok).toBe(false);
  });
});

describe("addressSpaceChecks", () => {
  it("passes the default layout", () => {
    expect(addressSpaceChecks(base).map((c) => [c.id, c.status])).toEqual([
      ["network:cidrs", "pass"],
      ["network:aks-subnet-size", "pass"],
      ["network:aks-ranges", "pass"],
      ["network:postgres-subnet", "pass"],
    ]);
  });
  it("fails a subnet outside the VNet and overlapping subnets", () => {
    const outside = withNetwork({ subnets: [{ name: "snet-openhands-app", addressPrefix: "10.41.0.0/20" }, base.network!.subnets[1]!] });
    expect(byId(outside, "network:cidrs")?.evidence).toContain("outside the VNet");
    const overlap = withNetwork({ subnets: [{ name: "snet-openhands-app", addressPrefix: "10.40.0.0/16" }, base.network!.subnets[1]!] });
    expect(byId(overlap, "network:cidrs")).toMatchObject({ status: "fail", evidence: expect.stringContaining("overlap") });
  });
  it("sizes the AKS subnet per node with overlay, per pod with plain Azure CNI", () => {
    const small = withNetwork({ subnets: [{ name: "snet-openhands-app", addressPrefix: "10.40.0.0/28" }, base.network!.subnets[1]!] });
    // 3+1 + 4+1 + 5+1 = 15 nodes; a /28 has 11 usable addresses
    expect(byId(small, "network:aks-subnet-size")).toMatchObject({ status: "fail", evidence: expect.stringContaining("needs 15") });
    const cni = withNetwork({ networkPluginMode: undefined, podCidr: undefined });
    // 15 nodes × (1 + 30 pods) = 465 > 4091? no: a /20 has 4091 usable
    expect(byId(cni, "network:aks-subnet-size")).toMatchObject({ status: "pass", evidence: expect.stringContaining("needs 465") });
    const cniSmall = withNetwork({ networkPluginMode: undefined, podCidr: undefined, subnets: [{ name: "snet-openhands-app", addressPrefix: "10.40.0.0/24" }, base.network!.subnets[1]!] });
    expect(byId(cniSmall, "network:aks-subnet-size")).toMatchObject({ status: "fail", remedy: expect.stringContaining("/23") });
  });
  it("fails service or pod ranges inside the VNet, and a DNS IP outside the service range", () => {
    expect(byId(withNetwork({ serviceCidr: "10.40.128.0/20" }), "network:aks-ranges")?.evidence).toContain("overlaps the VNet");
    expect(byId(withNetwork({ podCidr: "172.16.0.0/12" }), "network:aks-ranges")?.evidence).toContain("overlaps the service CIDR");
    expect(byId(withNetwork({ dnsServiceIP: "172.17.0.10" }), "network:aks-ranges")?.status).toBe("fail");
  });
  it("fails an undelegated or too small PostgreSQL subnet", () => {
    const undelegated = withNetwork({ subnets: [base.network!.subnets[0]!, { name: "snet-openhands-db", addressPrefix: "10.40.16.0/29" }] });
    const c = byId(undelegated, "network:postgres-subnet");
    expect(c?.status).toBe("fail");
    expect(c?.evidence).toContain("not delegated");
    expect(c?.evidence).toContain("smaller than the /28");
  });
});
