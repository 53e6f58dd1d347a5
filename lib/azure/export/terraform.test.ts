import { describe, expect, it } from "vitest";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { hclString, planToTerraform, terraformName } from "./terraform";

/** Parse-level check of the generated HCL (terraform is not installed here). */
function tfProblems(src: string): string[] {
  const problems: string[] = [];
  // Brackets outside strings and comments; `${…}` inside strings counts as code.
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (!inString && c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      else if (c === "$" && src[i + 1] === "{" && src[i - 1] !== "$") {
        stack.push("${");
        inString = false;
        i++;
      } else if (c === "\n") problems.push("string not closed at end of line");
      continue;
    }
    if (c === '"') inString = true;
    else if ("{[(".includes(c)) stack.push(c);
    else if ("}])".includes(c)) {
      const open = stack.pop();
      if (open === "${" && c === "}") inString = true;
      else if (!open || "{[(".indexOf(open) !== "}])".indexOf(c)) problems.push(`'${c}' does not close '${open ?? "nothing"}'`);
    }
  }
  if (stack.length) problems.push(`${stack.length} bracket(s) never closed`);
  const declared = {
    resources: new Set([...src.matchAll(/^resource "azapi_resource" "(\w+)" \{/gm)].map((m) => m[1]!)),
    vars: new Set([...src.matchAll(/^variable "(\w+)" \{/gm)].map((m) => m[1]!)),
    locals: new Set([...src.matchAll(/^ {2}(\w+) = /gm)].filter((m) => src.lastIndexOf("locals {", m.index) > src.lastIndexOf("\n}", m.index)).map((m) => m[1]!)),
  };
  for (const m of src.matchAll(/azapi_resource\.(\w+)/g)) if (!declared.resources.has(m[1]!)) problems.push(`azapi_resource.${m[1]} is not declared`);
  for (const m of src.matchAll(/\bvar\.(\w+)/g)) if (!declared.vars.has(m[1]!)) problems.push(`var.${m[1]} is not declared`);
  for (const m of src.matchAll(/\blocal\.(\w+)/g)) if (!declared.locals.has(m[1]!)) problems.push(`local.${m[1]} is not declared`);
  for (const block of src.split(/^resource /m).slice(1)) {
    const name = /^"azapi_resource" "(\w+)"/.exec(block)?.[1] ?? "?";
    if (!/^ {2}type {6}= "[A-Za-z]+\.[A-Za-z]+(\/[A-Za-z]+)+@\d{4}-\d{2}-\d{2}"$/m.test(block)) problems.push(`${name}: no type@apiVersion`);
    if (!/^ {2}parent_id = /m.test(block)) problems.push(`${name}: no parent_id`);
    if (!/^ {2}name {6}= /m.test(block)) problems.push(`${name}: no name`);
  }
  return problems;
}

describe("planToTerraform", () => {
  const variants = {
    team: makeSetupInput({ environment: { alertEmail: "ops@example.com" } }),
    "pilot, Redis Standard": makeSetupInput({ preset: "pilot", sizing: { redis: { sku: "Standard", capacity: 1 } } }),
    "org, renamed": makeSetupInput({ preset: "org", environment: { name: "staging", names: { aksCluster: "aks-main" } } }),
  };
  for (const [name, input] of Object.entries(variants)) {
    it(`${name}: passes the structural check and declares every planned resource`, () => {
      const plan = buildPlan(input);
      const tf = planToTerraform(plan);
      expect(tfProblems(tf)).toEqual([]);
      for (const r of plan.resources) expect(tf).toContain(`resource "azapi_resource" "${terraformName(r.key)}" {\n  type      = "${r.type}@${r.apiVersion}"`);
    });
  }

  const plan = buildPlan(makeSetupInput());
  const tf = planToTerraform(plan);
  it("takes the PostgreSQL password as a sensitive variable without default and never diffs it", () => {
    expect(tf).toMatch(/variable "postgres_admin_password" \{\n {2}description = "[^"]+"\n {2}type {8}= string\n {2}sensitive {3}= true\n\}/);
    expect(tf).toContain("administratorLoginPassword = var.postgres_admin_password");
    expect(tf).toContain("ignore_changes = [body.properties.administratorLoginPassword]");
  });
  it("references resources instead of repeating ids, and uses the location variable", () => {
    expect(tf).toContain('delegatedSubnetResourceId = "${azapi_resource.vnet.id}/subnets/snet-openhands-db"');
    expect(tf).toContain("privateDnsZoneArmResourceId = azapi_resource.dns_zone.id");
    expect(tf).not.toContain(plan.resources.find((r) => r.key === "vnet")!.id);
    expect(tf).not.toMatch(/location {2}= "eastus"/);
  });
  it("is dated and says it is an estimate", () => {
    expect(tf).toContain(`price table dated ${plan.estimate.priceDate}`);
  });
  it("the check catches breakage", () => {
    expect(tfProblems(tf.replace("azapi_resource.dns_zone.id", "azapi_resource.dns_zonee.id"))).toContain("azapi_resource.dns_zonee is not declared");
    expect(tfProblems(tf.replace("var.postgres_server_name", "var.pg_name"))).toContain("var.pg_name is not declared");
    expect(tfProblems(tf.replace(/\n}\n\n# dns-zone/, "\n\n# dns-zone")).join()).toMatch(/never closed/);
    expect(tfProblems(tf.replace('"Microsoft.Cache/redis@2024-11-01"', '"Microsoft.Cache/redis"'))).toContain("redis: no type@apiVersion");
  });
  it.each([
    ["plain", '"plain"'],
    ['quo"te', '"quo\\"te"'],
    ["${x}", '"$${x}"'],
    ["%{x}", '"%%{x}"'],
  ])("hclString(%j) = %s", (s, out) => expect(hclString(s)).toBe(out));
});
