/**
 * Removes secrets from anything the console writes to its audit log (or logs): values under
 * secret-sounding keys, and secret-looking strings wherever they appear (JWTs, `Bearer …`,
 * passwords inside connection strings and SAS URLs). Over-redaction is accepted; a leak is not.
 */

export const REDACTED = "[redacted]";

/** Words that make a key secret wherever they appear in it (clientSecret, adminPassword, sasToken). */
const SECRET_WORDS = new Set([
  "password", "passwords", "passwd", "pwd", "passphrase",
  "secret", "secrets",
  "token", "tokens",
  "apikey", "apikeys",
  "credential", "credentials",
  "authorization", "cookie", "cookies",
  "connectionstring", "connectionstrings",
  "sas", "sig", "signature",
]);
/** Words after "key" that name something about a key rather than the key itself. */
const HARMLESS_AFTER_KEY = new Set(["vault", "id", "name", "names", "type", "size", "version", "uri", "url", "count"]);

/** Splits a key into lower-case words: clientSecret → client secret, SASToken → sas token, key1 → key 1. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-zA-Z])([0-9])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const next = words[i + 1];
    if (SECRET_WORDS.has(word)) return true;
    if ((word === "key" || word === "keys") && (next === undefined || !HARMLESS_AFTER_KEY.has(next))) return true;
    // "connection string" written as two words (connection_string, ConnectionStrings).
    if (word === "connection" && (next === "string" || next === "strings")) return true;
  }
  return false;
}

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
/** scheme://user:password@host → the password part. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)([^\s@/]+)(@)/gi;
/** Password=…; AccountKey=…; SharedAccessKey=…; client_secret=…; sig=… (SAS) */
const KEY_VALUE_SECRET =
  /\b(password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|client_secret|clientsecret|secret|access_token|refresh_token|sig)=([^;&\s"']+)/gi;

/** Redacts secret-looking parts of a free-text string, keeping the rest readable. */
export function redactString(value: string): string {
  return value
    .replace(JWT, REDACTED)
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_PASSWORD, (_m, head: string, _pw: string, at: string) => `${head}${REDACTED}${at}`)
    .replace(KEY_VALUE_SECRET, (_m, key: string) => `${key}=${REDACTED}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every leaf becomes [redacted]; structure (keys, array length) stays so a change is still visible. */
function redactAll(value: unknown, ancestors: Set<object>): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value) || isPlainObject(value)) {
    return within(value, ancestors, () =>
      Array.isArray(value)
        ? value.map((v) => redactAll(v, ancestors))
        : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v, ancestors)])),
    );
  }
  return REDACTED;
}

function redactValue(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === "string") return redactString(value);
  if (Array.isArray(value)) return within(value, ancestors, () => value.map((v) => redactValue(v, ancestors)));
  if (isPlainObject(value)) {
    return within(value, ancestors, () =>
      Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? redactAll(v, ancestors) : redactValue(v, ancestors)]),
      ),
    );
  }
  // Numbers, booleans, null, Dates: nothing secret-shaped to find.
  return value;
}

/** Guards against cycles (an object inside itself), not against shared references. */
function within(node: object, ancestors: Set<object>, copy: () => unknown): unknown {
  if (ancestors.has(node)) return "[circular]";
  ancestors.add(node);
  try {
    return copy();
  } finally {
    ancestors.delete(node);
  }
}

/** Deep copy of value with secrets replaced by "[redacted]"; the input is not modified. */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, new Set()) as T;
}

/** Paths (a.b[0].c) of values redactSecrets would change: used to refuse secrets outright. */
export function findSecrets(value: unknown, base = ""): string[] {
  if (typeof value === "string") return redactString(value) === value ? [] : [base || "(value)"];
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecrets(v, `${base}[${i}]`));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = base ? `${base}.${k}` : k;
      return isSecretKey(k) ? [here] : findSecrets(v, here);
    });
  }
  return [];
}
