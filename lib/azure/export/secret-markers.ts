/**
 * Both exports (Bicep, Terraform) render a plan's secret fields as parameters, never values: the
 * SDK body first gets a marker string in each secret field, which each renderer recognises.
 */
import type { PlannedResource } from "@/lib/azure/provisioning/plan-types";

export const SECRET_MARKER = "\u0000secret:";

/** The SDK body with each secret field set to `${SECRET_MARKER}<secret name>`. */
export function withSecretMarkers(r: PlannedResource): PlannedResource {
  if (!r.secretInputs?.length) return r;
  const body = structuredClone(r.armBody) as unknown as Record<string, unknown>;
  for (const s of r.secretInputs) {
    const path = s.path.split(".");
    let at = body;
    for (const seg of path.slice(0, -1)) at = (at[seg] ??= {}) as Record<string, unknown>;
    at[path[path.length - 1]!] = `${SECRET_MARKER}${s.secret}`;
  }
  return { ...r, armBody: body } as PlannedResource;
}
