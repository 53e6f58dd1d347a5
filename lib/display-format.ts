/**
 * The console's one convention for times and money in text people read: times in UTC, 24-hour,
 * with "UTC" written out (`2026-12-08 14:05 UTC`), whatever the browser's locale; dollar amounts
 * with thousands separators (`$4,647`). Time inputs take the same `YYYY-MM-DD HH:MM` (a native
 * datetime-local input would show the browser's own zone conventions, e.g. mm/dd/yyyy AM/PM).
 * Pure: server and client components render the same string (no hydration mismatch).
 */

export type UtcPrecision = "minute" | "second";

/** `2026-12-08 14:05 UTC` (or `…14:05:09 UTC`). */
export function formatUtc(date: Date | string | number, precision: UtcPrecision = "minute"): string {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, precision === "second" ? 19 : 16).replace("T", " ")} UTC`;
}

/** `YYYY-MM-DD HH:MM` in UTC: the value a UTC time input shows. */
export function toUtcInputValue(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

/** What a UTC time input accepts: a space or "T" between date and time, seconds optional. */
export const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
export const UTC_INPUT_HINT = "YYYY-MM-DD HH:MM, 24-hour, UTC";

/** A UTC input's value as a date; undefined when it is not a real date and time (2026-02-30 is refused). */
export function parseUtcInput(value: string): Date | undefined {
  const m = UTC_INPUT.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const roundTrips = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi;
  return roundTrips ? date : undefined;
}

const USD_WHOLE = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0, minimumFractionDigits: 0 });
const USD_CENTS = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `$4,647` — or `$4,647.25` with cents; amounts under $100 keep their cents unless told. */
export function formatUsd(amount: number, cents: "always" | "never" | "under100" = "under100"): string {
  const withCents = cents === "always" || (cents === "under100" && Math.abs(amount) < 100);
  return (withCents ? USD_CENTS : USD_WHOLE).format(amount);
}
