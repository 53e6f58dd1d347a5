/**
 * Query text from pg_stat_activity / pg_stat_statements is what a client sent, literals and all: a
 * `PASSWORD '…'` or a token in a WHERE clause must not reach the browser or the audit log. The page
 * shows the text redacted and cut; the audit log keeps only its shape (every literal replaced).
 */
import { redactString } from "@/lib/store/redact";

const PASSWORD_LITERAL = /\b(PASSWORD)\s+('(?:[^']|'')*'|E'(?:[^'\\]|\\.|'')*')/gi;
const STRING_LITERAL = /(?:[EeBbXxNn]|U&)?'(?:[^'\\]|''|\\.)*'/g;
const DOLLAR_QUOTED = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;
const NUMBER = /(?<![\w$.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])/g;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** For the page: secrets out, then cut to `max` characters. */
export function displayQuery(text: string | null, max: number): string | null {
  if (text === null) return null;
  return truncate(redactString(text.replace(PASSWORD_LITERAL, "$1 '[redacted]'")), max);
}

/** For the audit log: the statement's shape only — literals become `?`, parameters never appear. */
export function auditQuery(text: string | null, max: number): string | null {
  if (text === null) return null;
  const shape = text.replace(DOLLAR_QUOTED, "?").replace(STRING_LITERAL, "?").replace(NUMBER, "?").replace(/\s+/g, " ").trim();
  return truncate(redactString(shape), max);
}
