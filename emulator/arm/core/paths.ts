/**
 * ARM path handling: ARM treats path segments case-insensitively and tolerates `//` (arm-monitor
 * sends `//subscriptions/...`), so requests are normalised once here and route templates match
 * segment by segment ignoring case. Resource ids are rebuilt in Azure's canonical spelling.
 */

/** Collapse repeated slashes and drop a trailing slash; keeps percent-encoding decoded per segment. */
export function normalizePath(rawPath: string): string {
  const collapsed = ("/" + rawPath).replace(/\/{2,}/g, "/");
  return collapsed.length > 1 && collapsed.endsWith("/") ? collapsed.slice(0, -1) : collapsed;
}

export function splitSegments(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
}

export interface CompiledTemplate {
  template: string;
  parts: Array<{ literal: string } | { param: string }>;
}

export function compileTemplate(template: string): CompiledTemplate {
  const parts = splitSegments(template).map((seg) => {
    const m = /^\{(\w+)\}$/.exec(seg);
    return m?.[1] ? { param: m[1] } : { literal: seg.toLowerCase() };
  });
  return { template, parts };
}

/** Params captured from the request (original spelling), or null when the template does not match. */
export function matchTemplate(compiled: CompiledTemplate, segments: string[]): Record<string, string> | null {
  if (compiled.parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const part = compiled.parts[i]!;
    const seg = segments[i]!;
    if ("literal" in part) {
      if (part.literal !== seg.toLowerCase()) return null;
    } else {
      params[part.param] = seg;
    }
  }
  return params;
}

/** Store key of a resource id: ARM ids compare case-insensitively. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

export function subscriptionId(sub: string): string {
  return `/subscriptions/${sub}`;
}

export function resourceGroupId(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

/**
 * Id of a resource inside a group: `types` and `names` alternate below the namespace,
 * e.g. (["managedClusters","agentPools"], ["aks1","system"]).
 */
export function providerResourceId(sub: string, rg: string, namespace: string, types: string[], names: string[]): string {
  const tail = types.map((t, i) => `${t}/${names[i] ?? ""}`).join("/");
  return `${resourceGroupId(sub, rg)}/providers/${namespace}/${tail}`;
}

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  namespace?: string;
  /** Full type, e.g. "Microsoft.ContainerService/managedClusters/agentPools". */
  type?: string;
  name?: string;
}

export function parseResourceId(id: string): ParsedResourceId | null {
  const segs = splitSegments(id);
  if (segs[0]?.toLowerCase() !== "subscriptions" || !segs[1]) return null;
  const parsed: ParsedResourceId = { subscriptionId: segs[1] };
  if (segs[2]?.toLowerCase() !== "resourcegroups" || !segs[3]) return parsed;
  parsed.resourceGroup = segs[3];
  if (segs[4]?.toLowerCase() !== "providers" || !segs[5]) return parsed;
  parsed.namespace = segs[5];
  const rest = segs.slice(6);
  const types: string[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) types.push(rest[i]!);
  if (types.length > 0) {
    parsed.type = [parsed.namespace, ...types].join("/");
    parsed.name = rest[rest.length - 1];
  }
  return parsed;
}

/** True when `childId` lies strictly below `parentId` (case-insensitive). */
export function isDescendant(childId: string, parentId: string): boolean {
  return idKey(childId).startsWith(idKey(parentId) + "/");
}
