/**
 * The console server's structured log: one JSON object per line on stdout (stderr for errors),
 * with time, level, message, the request id when there is one, and redacted fields. Log
 * collectors on AKS (Container Insights) parse each line as a record, so never print free text
 * from server code: use `log.info("what happened", { fields })`.
 */
import { redactSecrets } from "@/lib/store/redact";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  msg: string;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose records all carry these fields (e.g. `{ requestId }`). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where a finished line goes (default: stdout, stderr for errors). */
  write?: (line: string, level: LogLevel) => void;
  now?: () => Date;
}

/** Errors become their name, message and stack; then secret keys and secret-looking strings are redacted. */
function serialise(record: LogRecord): string {
  const plain = JSON.parse(
    JSON.stringify(record, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value)),
  ) as LogRecord;
  return JSON.stringify(redactSecrets(plain));
}

function defaultWrite(line: string, level: LogLevel): void {
  (level === "error" ? process.stderr : process.stdout).write(`${line}\n`);
}

export function createLogger(opts: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const min = RANK[opts.level ?? levelFromEnv()];
  const write = opts.write ?? defaultWrite;
  const now = opts.now ?? (() => new Date());
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    write(serialise({ time: now().toISOString(), level, msg, ...bound, ...fields }), level);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(opts, { ...bound, ...fields }),
  };
}

/** LOG_LEVEL read directly (not through config()): logging must work before and during config validation. */
function levelFromEnv(): LogLevel {
  const v = process.env.LOG_LEVEL;
  return v === "debug" || v === "info" || v === "warn" || v === "error" ? v : "info";
}

/** The server's logger. */
export const log: Logger = createLogger();
