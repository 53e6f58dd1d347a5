/**
 * Query text from pg_stat_activity / pg_stat_statements is what a client sent, literals and all: a
 * `PASSWORD '…'` or a token in a WHERE clause must not reach the browser or the audit log. The page
 * (Readers too) shows the text redacted and cut: password literals, every dollar-quoted body
 * (`$$…$$`, `$tag$…$tag$` — function bodies and literals a client chose to dollar-quote, e.g. a key
 * in `DO $$ … $$`), and quoted literals shaped like keys or tokens (`'sk-…'`, long random strings).
 * The audit log keeps only the shape (every literal replaced).
 */
import { redactString } from "@/lib/store/redact";

const PASSWORD_LITERAL = /\b(PASSWORD)\s+('(?:[^']|'')*'|E'(?:[^'\\]|\\.|'')*')/gi;
const STRING_LITERAL = /(?:[EeBbXxNn]|U&)?'(?:[^'\\]|''|\\.)*'/g;
const DOLLAR_QUOTED = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;
/** Key-like: a known key prefix, or 20+ token characters mixing letters and digits (ids of that length are rare in queries shown here). */
const SECRET_LIKE = /^(?:(?:sk|pk|rk|sess|ghp|gho|ghs|xox[abpr]|glpat)[-_][A-Za-z0-9_-]{6,}|AKIA[A-Z0-9]{12,}|(?=[A-Za-z0-9+/=_.-]*\d)(?=[A-Za-z0-9+/=_.-]*[A-Za-z])[A-Za-z0-9+/=_.-]{20,})$/;
const NUMBER = /(?<![\w$.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])/g;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** For the page: secrets out, then cut to `max` characters. */
export function displayQuery(text: string | null, max: number): string | null {
  if (text === null) return null;
  const shown = text
    .replace(PASSWORD_LITERAL, "$1 '[redacted]'")
    .replace(DOLLAR_QUOTED, (_m, tag: string | undefined) => `$${tag ?? ""}$[redacted]$${tag ?? ""}$`)
    .replace(STRING_LITERAL, (literal) => (SECRET_LIKE.test(literalBody(literal)) ? "'[redacted]'" : literal));
  return truncate(redactString(shown), max);
}

/** The text between the quotes of a literal matched by STRING_LITERAL (E'', U&'' prefixes dropped). */
function literalBody(literal: string): string {
  return literal.slice(literal.indexOf("'") + 1, -1);
}

/** For the audit log: the statement's shape only — literals become `?`, parameters never appear. */
export function auditQuery(text: string | null, max: number): string | null {
  if (text === null) return null;
  const shape = text.replace(DOLLAR_QUOTED, "?").replace(STRING_LITERAL, "?").replace(NUMBER, "?").replace(/\s+/g, " ").trim();
  return truncate(redactString(shape), max);
}
