/**
 * Removes secrets from anything headed for the audit log or the server log: values under
 * secret-looking keys, bearer tokens / JWTs, and passwords inside connection strings.
 */
export const REDACTED = "[redacted]";

/** Key names whose values are secrets (camelCase, snake_case and kebab-case alike). */
const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|access[-_]?key|account[-_]?key|private[-_]?key|primary[-_]?key|secondary[-_]?key|shared[-_]?key|sas|credential|connection[-_]?string|authorization|cookie)$/i;

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;
const KV_SECRET = /\b(password|pwd|secret|accountkey|sharedaccesskey|sig)=([^;&\s]+)/gi;

export function redactText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(KV_SECRET, `$1=${REDACTED}`);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Deep copy with secrets replaced. Cycles and functions are dropped rather than followed. */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== null && item !== undefined && item !== "" ? redactSecretField(item) : redactValue(item, seen);
  }
  return out;
}

/** A change-set entry `{ old, new }` under a secret key keeps its shape so the UI can say "changed". */
function redactSecretField(item: unknown): unknown {
  if (item && typeof item === "object" && !Array.isArray(item) && ("old" in item || "new" in item)) {
    const entry = item as { old?: unknown; new?: unknown };
    return { ...("old" in entry ? { old: REDACTED } : {}), ...("new" in entry ? { new: REDACTED } : {}) };
  }
  return REDACTED;
}
