/**
 * The audit log's filters live in the URL (?actor=&action=&from=&to=&page=) so a filtered view
 * can be bookmarked and shared. Times are entered and shown in UTC, 24-hour (lib/display-format).
 */
import { z } from "zod";
import { parseUtcInput, UTC_INPUT_HINT } from "@/lib/display-format";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
}

export interface ParsedAuditFilters {
  filters: AuditFilters;
  /** Raw values to put back into the form, so a bad value can be corrected. */
  form: { actor: string; action: string; from: string; to: string };
  problems: string[];
}

const text = z.string().trim().max(200);

type SearchParams = Record<string, string | string[] | undefined>;

function first(params: SearchParams, key: string): string {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function parseUtc(label: string, value: string, problems: string[]): Date | undefined {
  if (value === "") return undefined;
  const date = parseUtcInput(value);
  if (!date) {
    problems.push(`${label}: "${value.slice(0, 40)}" is not a date and time (expected ${UTC_INPUT_HINT}).`);
    return undefined;
  }
  return date;
}

export function parseAuditFilters(params: SearchParams): ParsedAuditFilters {
  const problems: string[] = [];
  const form = { actor: first(params, "actor"), action: first(params, "action"), from: first(params, "from"), to: first(params, "to") };
  const actor = text.safeParse(form.actor);
  const action = text.safeParse(form.action);
  if (!actor.success) problems.push("Actor: at most 200 characters.");
  if (!action.success) problems.push("Action: at most 200 characters.");
  let from = parseUtc("From", form.from, problems);
  // "To 12:30" means up to and including that minute (or second): the store's bound is exclusive.
  const toInput = parseUtc("To", form.to, problems);
  let to = toInput && new Date(toInput.getTime() + (form.to.length > 16 ? 1000 : 60_000));
  if (from && toInput && from > toInput) {
    problems.push("From must be before To.");
    from = undefined;
    to = undefined;
  }
  const pageRaw = first(params, "page");
  const page = pageRaw === "" ? 1 : Number(pageRaw);
  if (!Number.isInteger(page) || page < 1 || page > 1_000_000) problems.push(`Page: "${pageRaw.slice(0, 20)}" is not a page number.`);
  return {
    filters: {
      actor: actor.success && actor.data !== "" ? actor.data : undefined,
      action: action.success && action.data !== "" ? action.data : undefined,
      from,
      to,
      page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
    },
    form,
    problems,
  };
}

/** The URL of another page of the same filtered view. */
export function auditPageHref(form: ParsedAuditFilters["form"], page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value !== "") params.set(key, value);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}

/** "2026-11-26 10:04:05 UTC" — compact and unambiguous for an admin table. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** One line per changed field: `nodeCount: 3 → 5`, `password: [redacted] → [redacted]`. */
export function describeChanges(changes: unknown): string[] {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    if (change && typeof change === "object" && !Array.isArray(change) && ("old" in change || "new" in change)) {
      const c = change as { old?: unknown; new?: unknown };
      if (!("old" in c)) return `${field}: ${show(c.new)}`;
      if (!("new" in c)) return `${field}: ${show(c.old)} → (removed)`;
      return `${field}: ${show(c.old)} → ${show(c.new)}`;
    }
    return `${field}: ${show(change)}`;
  });
}

function show(value: unknown): string {
  if (value === undefined || value === null) return "—";
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
