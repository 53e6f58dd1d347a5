/**
 * Usage filters live in the URL (?from=&to=&user=&model=&page=&group=) so a filtered view and
 * its CSV export are the same link. Dates are whole UTC days; `to` is inclusive. The default is
 * the last 7 days, so an unfiltered view never aggregates the whole table.
 */
import { z } from "zod";

export const USAGE_GROUPS = ["user", "model", "day", "conversation"] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];
export const USAGE_PAGE_SIZE = 25;
/** A longer range must be asked for explicitly via from/to; this caps it (1 year). */
export const MAX_RANGE_DAYS = 366;
const DEFAULT_DAYS = 7;

export interface UsageFilters {
  /** Inclusive start (00:00 UTC of `from`). */
  from: Date;
  /** Exclusive end (00:00 UTC of the day after `to`). */
  to: Date;
  user?: string;
  model?: string;
  group: UsageGroup;
  page: number;
}

export interface ParsedUsageFilters {
  filters: UsageFilters;
  /** Raw values for the form (so a bad value can be corrected) and for links. */
  form: { from: string; to: string; user: string; model: string; group: string };
  problems: string[];
}

type SearchParams = Record<string, string | string[] | undefined>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function first(params: SearchParams, key: string): string {
  const v = params[key];
  return ((Array.isArray(v) ? v[0] : v) ?? "").trim();
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function parseDay(label: string, value: string, problems: string[]): Date | undefined {
  if (value === "") return undefined;
  const d = DAY.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || isoDay(d) !== value) {
    problems.push(`${label}: "${value.slice(0, 20)}" is not a date (expected YYYY-MM-DD).`);
    return undefined;
  }
  return d;
}

const text = z.string().max(200, "at most 200 characters").regex(/^[\w.:/@+-]*$/, "letters, digits and . : / @ + - _ only");

export function parseUsageFilters(params: SearchParams, now = Date.now()): ParsedUsageFilters {
  const problems: string[] = [];
  const form = { from: first(params, "from"), to: first(params, "to"), user: first(params, "user"), model: first(params, "model"), group: first(params, "group") };
  const today = new Date(isoDay(new Date(now)) + "T00:00:00Z");
  let toDay = parseDay("To", form.to, problems) ?? today;
  let fromDay = parseDay("From", form.from, problems) ?? new Date(toDay.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
  if (fromDay > toDay) {
    problems.push("From must not be after To; showing the last 7 days.");
    toDay = today;
    fromDay = new Date(today.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
  }
  if ((toDay.getTime() - fromDay.getTime()) / DAY_MS + 1 > MAX_RANGE_DAYS) {
    problems.push(`The range is longer than ${MAX_RANGE_DAYS} days; showing the last ${MAX_RANGE_DAYS} days up to To.`);
    fromDay = new Date(toDay.getTime() - (MAX_RANGE_DAYS - 1) * DAY_MS);
  }
  const user = text.safeParse(form.user);
  if (!user.success) problems.push(`User: ${user.error.issues[0]?.message}.`);
  const model = text.safeParse(form.model);
  if (!model.success) problems.push(`Model: ${model.error.issues[0]?.message}.`);
  const group = (USAGE_GROUPS as readonly string[]).includes(form.group) ? (form.group as UsageGroup) : "user";
  if (form.group !== "" && group !== form.group) problems.push(`Group: "${form.group.slice(0, 20)}" is not one of ${USAGE_GROUPS.join(", ")}.`);
  const pageRaw = first(params, "page");
  const page = pageRaw === "" ? 1 : Number(pageRaw);
  const pageOk = Number.isInteger(page) && page >= 1 && page <= 100_000;
  if (!pageOk) problems.push(`Page: "${pageRaw.slice(0, 20)}" is not a page number.`);
  return {
    filters: {
      from: fromDay,
      to: new Date(toDay.getTime() + DAY_MS),
      user: user.success && user.data !== "" ? user.data : undefined,
      model: model.success && model.data !== "" ? model.data : undefined,
      group,
      page: pageOk ? page : 1,
    },
    form: { ...form, from: isoDay(fromDay), to: isoDay(toDay), group },
    problems,
  };
}

/** Query string for the same filters (page and group overridable), for links and the CSV export. */
export function usageQuery(form: ParsedUsageFilters["form"], over: { page?: number; group?: string; env?: string } = {}): string {
  const params = new URLSearchParams();
  if (over.env) params.set("env", over.env);
  for (const key of ["from", "to", "user", "model"] as const) if (form[key]) params.set(key, form[key]);
  const group = over.group ?? form.group;
  if (group) params.set("group", group);
  if (over.page && over.page > 1) params.set("page", String(over.page));
  return params.toString();
}
