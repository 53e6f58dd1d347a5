/**
 * CSV as RFC 4180 says: comma-separated, CRLF line ends, a field quoted when it holds a comma,
 * quote, CR or LF (quotes doubled). Text that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR or LF first — and the full-width ＝ ＋ － ＠, which Excel and LibreOffice accept as the
 * ASCII ones) gets a leading apostrophe: conversation titles are typed by OpenHands users.
 */
export type CsvValue = string | number | Date | null | undefined;

const FORMULA = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  let s = v instanceof Date ? v.toISOString() : v;
  if (FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: CsvValue[]): string {
  return values.map(csvField).join(",") + "\r\n";
}
