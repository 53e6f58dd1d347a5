/** Plan warnings: things the admin should know before provisioning (preflight blocks the hard ones). */
import { compatibilityFindings } from "@/lib/openhands/releases";
import { sandboxCapacity, SIZING_PRESETS } from "@/lib/azure/sizing";
import type { PlanContext } from "./plan-context";
import type { PlanWarning } from "./plan-types";

export function planWarnings(ctx: PlanContext): PlanWarning[] {
  const { input } = ctx;
  const warnings: PlanWarning[] = [];
  for (const f of compatibilityFindings(input.openhands.version, { postgresVersion: Number(input.sizing.postgres.version), postgresRequiresTls: true, redisNonTlsPort: true })) {
    if (f.severity !== "pass") warnings.push({ code: `compatibility.${f.id}`, message: f.remedy ? `${f.message}. ${f.remedy}.` : f.message });
  }
  if (!ctx.redisInVnet) {
    warnings.push({
      code: "redis.publicPlainPort",
      message: `A ${input.sizing.redis.sku} cache cannot join a VNet: its non-TLS port 6379 (which OpenHands needs) is reachable over the public endpoint, protected only by the access key. Choose Premium to keep it inside the VNet.`,
    });
  }
  const preset = input.sizing.preset === "custom" ? undefined : SIZING_PRESETS[input.sizing.preset];
  const capacity = sandboxCapacity(input.sizing);
  if (preset && capacity < preset.concurrentSandboxes) {
    warnings.push({ code: "sizing.sandboxCapacity", message: `The sandbox pool holds about ${capacity} concurrent sandboxes at its maximum, fewer than the ${preset.concurrentSandboxes} the ${preset.title} preset is meant for.` });
  }
  if (input.openhands.tls.mode === "none") {
    warnings.push({ code: "openhands.noTls", message: "OpenHands will be served over plain HTTP: sign-in cookies and API keys travel unencrypted. Use cert-manager or an existing TLS secret." });
  }
  if (input.sizing.pools.system.min < 2) {
    warnings.push({ code: "aks.singleSystemNode", message: "One system node: cluster DNS and other system pods have no redundancy (fine for a pilot)." });
  }
  if (ctx.region !== "eastus") {
    warnings.push({ code: "cost.region", message: `The cost estimate uses East US list prices; ${ctx.region} may differ.` });
  }
  return warnings;
}
