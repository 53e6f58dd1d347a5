/**
 * What the Monitoring page shows lives in the URL (?resource=&range=&from=&to=&split=&env=), so a
 * view can be bookmarked and shared. Each value is checked on its own: a bad one is named in a
 * problem and replaced by its default; the others still apply. Times are UTC (datetime-local has
 * no zone). Pure.
 */
import { z } from "zod";
import { parseUtcInput, UTC_INPUT_HINT } from "@/lib/display-format";
import { customWindow, MIN_CUSTOM_MS, presetWindow, RANGE_PRESETS, RETENTION_MS, type RangeKey, type TimeWindow } from "./ranges";

export const MONITORED_RESOURCES = ["aks", "postgres", "redis", "storage"] as const;
export type MonitoredResource = (typeof MONITORED_RESOURCES)[number];

export const RESOURCE_LABELS: Readonly<Record<MonitoredResource, string>> = {
  aks: "AKS cluster",
  postgres: "PostgreSQL",
  redis: "Redis",
  storage: "Storage",
};

/** How AKS node metrics are split: one series for the cluster, per node pool, or per node. */
export const SPLITS = ["none", "nodepool", "node"] as const;
export type Split = (typeof SPLITS)[number];

export interface MonitoringSelection {
  resource: "all" | MonitoredResource;
  range: RangeKey;
  split: Split;
  /** Set for custom ranges only. */
  from?: Date;
  to?: Date;
  env?: string;
}

export interface ParsedSelection {
  selection: MonitoringSelection;
  /** The raw from/to, to put back into the custom-range form. */
  form: { from: string; to: string };
  problems: string[];
}

type SearchParams = Record<string, string | string[] | undefined>;

const resourceSchema = z.enum(["all", ...MONITORED_RESOURCES]);
const rangeSchema = z.enum([...RANGE_PRESETS, "custom"]);
const splitSchema = z.enum(SPLITS);
const envSchema = z.string().regex(/^[a-z][a-z0-9-]{1,19}$/);

function first(params: SearchParams, key: string): string {
  const value = params[key];
  return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
}

const shown = (value: string) => `"${value.slice(0, 40)}"`;

function pick<T extends string>(schema: z.ZodType<T>, raw: string, fallback: T, problem: string, problems: string[]): T {
  if (raw === "") return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problems.push(`${problem.replace("{v}", shown(raw))} — showing ${fallback}.`);
  return fallback;
}

function parseUtc(label: string, raw: string, problems: string[]): Date | undefined {
  const date = parseUtcInput(raw);
  if (!date) {
    problems.push(`${label}: ${raw === "" ? "missing" : `${shown(raw)} is not a date and time`} (expected ${UTC_INPUT_HINT}).`);
    return undefined;
  }
  return date;
}

export function parseSelection(params: SearchParams, now: number = Date.now()): ParsedSelection {
  const problems: string[] = [];
  const form = { from: first(params, "from"), to: first(params, "to") };
  const resource = pick(resourceSchema, first(params, "resource"), "all", "Resource {v} is not one of all, aks, postgres, redis, storage", problems);
  let range = pick(rangeSchema, first(params, "range"), "1h", "Range {v} is not one of 1h, 6h, 24h, 7d, custom", problems);
  const split = pick(splitSchema, first(params, "split"), "none", "Split {v} is not one of none, nodepool, node", problems);
  const envRaw = first(params, "env");
  const env = envRaw === "" ? undefined : envSchema.safeParse(envRaw).success ? envRaw : undefined;
  if (envRaw !== "" && env === undefined) problems.push(`Environment ${shown(envRaw)} is not an environment name — showing the default environment.`);

  let from: Date | undefined;
  let to: Date | undefined;
  if (range === "custom") {
    from = parseUtc("From", form.from, problems);
    to = parseUtc("To", form.to, problems);
    const customProblem = from && to ? customRangeProblem(from, to, now) : "incomplete";
    if (customProblem !== null) {
      if (customProblem !== "incomplete") problems.push(customProblem);
      problems.push("The custom range was not applied — showing the last 1 h.");
      range = "1h";
      from = undefined;
      to = undefined;
    }
  }
  return { selection: { resource, range, split, ...(from && to ? { from, to } : {}), ...(env ? { env } : {}) }, form, problems };
}

function customRangeProblem(from: Date, to: Date, now: number): string | null {
  if (from >= to) return "From must be before To.";
  if (to.getTime() - from.getTime() < MIN_CUSTOM_MS) return "A custom range must be at least 5 minutes long.";
  if (from.getTime() > now) return "From is in the future.";
  if (from.getTime() < now - RETENTION_MS) return "Azure Monitor keeps platform metrics for 93 days: From must be within them.";
  return null;
}

/** The window the selection covers now (custom ranges end no later than now). */
export function selectionWindow(selection: MonitoringSelection, now: number = Date.now()): TimeWindow {
  if (selection.range === "custom" && selection.from && selection.to) {
    return customWindow(selection.from, new Date(Math.min(selection.to.getTime(), Math.floor(now / 60_000) * 60_000)));
  }
  return presetWindow(selection.range === "custom" ? "1h" : selection.range, now);
}

/** `YYYY-MM-DDTHH:MM` in UTC, the value a datetime-local input takes. */
export function toUtcInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** The URL of the same view with some values changed; defaults are left out to keep URLs short. */
export function monitoringHref(selection: MonitoringSelection, change: Partial<MonitoringSelection> = {}): string {
  const next = { ...selection, ...change };
  const params = new URLSearchParams();
  if (next.env) params.set("env", next.env);
  if (next.resource !== "all") params.set("resource", next.resource);
  if (next.range !== "1h") params.set("range", next.range);
  if (next.range === "custom" && next.from && next.to) {
    params.set("from", toUtcInput(next.from));
    params.set("to", toUtcInput(next.to));
  }
  if (next.split !== "none") params.set("split", next.split);
  const query = params.toString();
  return query ? `/monitoring?${query}` : "/monitoring";
}
