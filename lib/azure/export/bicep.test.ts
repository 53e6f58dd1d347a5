import { describe, expect, it } from "vitest";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { planToBicep, symbolFor } from "./bicep";
import { checkBicepStructure } from "./bicep-structure";
import { bicepString, Expr, interpolate, renderValue } from "./bicep-values";

const variants = {
  team: makeSetupInput(),
  "pilot, Redis Standard, no alert e-mail": makeSetupInput({ preset: "pilot", sizing: { redis: { sku: "Standard", capacity: 1 } } }),
  "org, renamed resources": makeSetupInput({ preset: "org", environment: { name: "staging", names: { aksCluster: "aks-main", storageAccount: "ohstaging01" }, alertEmail: "ops@example.com" } }),
};

describe("planToBicep", () => {
  for (const [name, input] of Object.entries(variants)) {
    describe(name, () => {
      const plan = buildPlan(input);
      const bicep = planToBicep(plan);
      const structure = checkBicepStructure(bicep);

      it("passes the structural check", () => {
        expect(structure.problems).toEqual([]);
      });

      it("declares every planned resource but the resource group, with its type and api-version", () => {
        const planned = plan.resources.filter((r) => r.type !== "Microsoft.Resources/resourceGroups");
        for (const r of planned) {
          const decl = structure.resources.find((d) => d.symbol === symbolFor(r.key));
          expect(decl, r.key).toBeDefined();
          expect(decl).toMatchObject({ type: r.type, apiVersion: r.apiVersion });
        }
        // + the blob service that parents the containers
        expect(structure.resources).toHaveLength(planned.length + 1);
        expect(bicep).toContain(`az group create --name ${plan.environment.resourceGroup} --location ${plan.environment.region}`);
      });

      it("expresses plan dependencies: by reference, parent or dependsOn", () => {
        const declared = new Map(structure.resources.map((d) => [d.symbol, d]));
        for (const r of plan.resources) {
          const decl = declared.get(symbolFor(r.key));
          if (!decl) continue;
          const block = bicep.slice(bicep.indexOf(`resource ${decl.symbol} '`)).split("\n}\n")[0]!;
          for (const d of r.dependsOn) {
            if (d === "rg") continue;
            const sym = symbolFor(d);
            const ancestors: string[] = [];
            for (let p = decl.parent; p; p = declared.get(p)?.parent ?? null) ancestors.push(p);
            expect(ancestors.includes(sym) || decl.dependsOn.includes(sym) || new RegExp(`\\b${sym}\\.`).test(block), `${r.key} → ${d}`).toBe(true);
          }
        }
      });

      it("takes secrets only as @secure() parameters without defaults", () => {
        expect(structure.secureParams).toEqual(["postgresAdminPassword"]);
        expect(bicep).toMatch(/^param postgresAdminPassword string$/m);
        expect(bicep).toMatch(/^\s+administratorLoginPassword: postgresAdminPassword$/m);
      });

      it("uses the name parameters and the location parameter", () => {
        expect(bicep).toContain(`param aksClusterName string = '${plan.environment.names.aksCluster}'`);
        expect(bicep).toContain(`param storageAccountName string = '${plan.environment.names.storageAccount}'`);
        expect(bicep).toMatch(/resource aks '[^']+' = \{\n {2}name: aksClusterName\n {2}location: location\n/);
        expect(bicep).not.toContain(`location: '${plan.environment.region}'`);
      });

      it("says the cost is an estimate and dates it", () => {
        expect(bicep).toContain(`price table dated ${plan.estimate.priceDate}`);
        expect(bicep).toContain("Estimate only");
      });
    });
  }

  it("is deterministic", () => {
    expect(planToBicep(buildPlan(makeSetupInput()))).toBe(planToBicep(buildPlan(makeSetupInput())));
  });

  it("creates the PostgreSQL children one after another (flexible server refuses concurrent changes)", () => {
    const s = checkBicepStructure(planToBicep(buildPlan(makeSetupInput())));
    const children = s.resources.filter((r) => r.parent === "postgres");
    expect(children.map((c) => c.symbol)).toEqual(["postgresConfigTls", "postgresDbOpenhands", "postgresDbKeycloak", "postgresDbLitellm", "postgresDbRuntimeApiDb"]);
    for (let i = 1; i < children.length; i++) expect(children[i]!.dependsOn).toContain(children[i - 1]!.symbol);
  });
});

describe("checkBicepStructure catches broken templates", () => {
  const good = planToBicep(buildPlan(makeSetupInput()));
  const cases: [string, (s: string) => string, RegExp][] = [
    ["a missing closing brace", (s) => s.replace(/\n}\n\n@description\('dns-zone'\)/, "\n\n@description('dns-zone')"), /never closed|closes the/],
    ["an unclosed string", (s) => s.replace("name: 'openhands'", "name: 'openhands"), /string is not closed/],
    ["a dependsOn to an unknown symbol", (s) => s.replace("    dnsLink\n", "    dnsLinkk\n"), /depends on dnsLinkk, which is not a declared resource/],
    ["a reference to an unknown symbol", (s) => s.replace("id: nsgApp.id", "id: nsgAppp.id"), /nsgAppp is used but not declared/],
    ["an interpolated unknown symbol", (s) => s.replace("'${vnet.id}/subnets/snet-openhands-db'", "'${vnett.id}/subnets/snet-openhands-db'"), /vnett is used but not declared/],
    ["a resource without api-version", (s) => s.replace("'Microsoft.Cache/redis@2024-11-01'", "'Microsoft.Cache/redis'"), /needs 'Namespace\/type@yyyy-mm-dd'/],
    ["a resource without location", (s) => s.replace(/(resource redis '[^']+' = \{\n {2}name: redisCacheName\n) {2}location: location\n/, "$1"), /resource redis has no location/],
    ["a resource without name", (s) => s.replace(/(resource redis '[^']+' = \{\n) {2}name: redisCacheName\n/, "$1"), /resource redis has no name/],
    ["an unknown parameter", (s) => s.replace("name: aksClusterName", "name: aksName"), /aksName is used but not declared/],
  ];
  it.each(cases)("%s", (_n, breakIt, problem) => {
    const broken = breakIt(good);
    expect(broken).not.toBe(good);
    expect(checkBicepStructure(broken).problems.join("\n")).toMatch(problem);
  });
});

describe("bicep values", () => {
  it.each([
    ["plain", "'plain'"],
    ["it's", "'it\\'s'"],
    ["back\\slash", "'back\\\\slash'"],
    ["${notInterpolated}", "'\\${notInterpolated}'"],
    ["line\nbreak", "'line\\nbreak'"],
  ])("bicepString(%j) = %s", (input, out) => expect(bicepString(input)).toBe(out));
  it("renders objects, arrays, quoted keys and expressions", () => {
    expect(renderValue({ a: 1, "odata.type": "x", list: [true, null], ref: new Expr("vnet.id"), s: interpolate([new Expr("vnet.id"), "/subnets/a"]) }, "")).toBe(
      "{\n  a: 1\n  'odata.type': 'x'\n  list: [\n    true\n    null\n  ]\n  ref: vnet.id\n  s: '${vnet.id}/subnets/a'\n}",
    );
  });
});
