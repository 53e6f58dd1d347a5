/**
 * Label and field selectors as the API server accepts them in `labelSelector=` / `fieldSelector=`
 * query parameters, and the structured `LabelSelector` of Deployments, ReplicaSets and PDBs.
 */
import type { LabelSelector } from "./model";
import { badRequest, isRecord, type KubeObject } from "./types";

export type LabelRequirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" };

const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside a `( … )` value set. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key) || key.length > 316) throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  return key;
}
function checkValue(value: string, selector: string): string {
  if (!valuePattern.test(value) || value.length > 63) throw badRequest(`unable to parse requirement: invalid label value "${value}" in selector "${selector}"`);
  return value;
}

/** Parses `app=web,tier!=db,env in (a,b),!legacy,release` into requirements; throws 400 on bad syntax. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTopLevel(selector).map((part): LabelRequirement => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (set) {
      const values = set[3]!.split(",").map((v) => checkValue(v.trim(), selector));
      return { key: checkKey(set[1]!, selector), op: set[2] as "in" | "notin", values };
    }
    if (part.startsWith("!")) return { key: checkKey(part.slice(1).trim(), selector), op: "!exists" };
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (eq) return { key: checkKey(eq[1]!, selector), op: eq[2] === "!=" ? "!=" : "=", value: checkValue(eq[3]!, selector) };
    if (/^[^=!\s()]+$/.test(part)) return { key: checkKey(part, selector), op: "exists" };
    throw badRequest(`unable to parse requirement: unable to parse "${part}" in label selector "${selector}"`);
  });
}

export function matchesRequirements(labels: Record<string, string> | undefined, reqs: LabelRequirement[]): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case "=":
        return has && v === r.value;
      case "!=":
        return !has || v !== r.value;
      case "in":
        return has && r.values.includes(v!);
      case "notin":
        return !has || !r.values.includes(v!);
      case "exists":
        return has;
      case "!exists":
        return !has;
    }
  });
}

/** Structured selector → requirements. An empty selector matches everything; a null one nothing (callers decide). */
export function labelSelectorRequirements(sel: LabelSelector): LabelRequirement[] {
  const reqs: LabelRequirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, value]) => ({ key, op: "=" as const, value }));
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === "In") reqs.push({ key: e.key, op: "in", values: e.values ?? [] });
    else if (e.operator === "NotIn") reqs.push({ key: e.key, op: "notin", values: e.values ?? [] });
    else if (e.operator === "Exists") reqs.push({ key: e.key, op: "exists" });
    else reqs.push({ key: e.key, op: "!exists" });
  }
  return reqs;
}

export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  return matchesRequirements(labels, labelSelectorRequirements(sel));
}

/** Renders a structured selector the way `kubectl` and `status.selector` show it. */
export function formatLabelSelector(sel: LabelSelector): string {
  return labelSelectorRequirements(sel)
    .map((r) => {
      if (r.op === "=" || r.op === "!=") return `${r.key}${r.op}${r.value}`;
      if (r.op === "in" || r.op === "notin") return `${r.key} ${r.op} (${r.values.join(",")})`;
      return r.op === "exists" ? r.key : `!${r.key}`;
    })
    .join(",");
}

export interface FieldRequirement {
  path: string;
  op: "=" | "!=";
  value: string;
}

/** Parses `metadata.name=x,status.phase!=Running`. Values may escape `\,` and `\=` as in Kubernetes. */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const parts = selector.split(/(?<!\\),/).map((p) => p.trim()).filter(Boolean);
  return parts.map((part) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    return { path: m[1]!, op: m[2] === "!=" ? "!=" : "=", value: m[3]!.replace(/\\([,=\\])/g, "$1") };
  });
}

/** The string value of a dotted field path ("spec.nodeName"), "" when absent, as field selectors compare. */
export function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split(".")) {
    if (!isRecord(cur)) return "";
    cur = cur[seg];
  }
  if (cur === undefined || cur === null) return "";
  return typeof cur === "object" ? JSON.stringify(cur) : String(cur);
}

export function matchesFields(obj: KubeObject, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(obj, r.path) === r.value) === (r.op === "="));
}
