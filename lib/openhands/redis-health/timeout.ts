/**
 * Every Redis command of the health page runs under a deadline, so a stuck server (a long Lua
 * script, CLIENT PAUSE, a dead link that ioredis keeps queueing for) gives "unknown: timed out"
 * instead of a page that never renders. The command itself is not cancelled — Redis has no way
 * to — but nobody waits for it.
 */
export class RedisTimeoutError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} timed out after ${ms} ms`);
    this.name = "RedisTimeoutError";
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(what, ms)), ms);
  });
  // A late rejection of the abandoned command must not surface as unhandled.
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** A short reason for an item that could not be read: "timed out" or the server's error line. */
export function failureReason(err: unknown): string {
  if (err instanceof RedisTimeoutError) return `timed out (${err.what}, ${err.ms} ms)`;
  const message = err instanceof Error ? err.message : String(err);
  // Server errors are one line (e.g. "NOPERM …", "ERR unknown command"); never pass on more.
  return (message.split("\n")[0] ?? "").slice(0, 200);
}
