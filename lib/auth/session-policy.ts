/**
 * When a console session is over: pure decisions on a session row's times, so the rules (idle
 * timeout, absolute lifetime, ended) are unit-tested without a database or a clock.
 */

export interface SessionLifetimes {
  /** No request for this long ends the session. */
  idleMs: number;
  /** A session never lives longer than this after sign-in, renewals included. */
  absoluteMs: number;
}

/**
 * Last-seen is written at most this often per session: a page load makes several requests and
 * a write per request would cost the store more than it tells. The idle timeout may therefore
 * end a session up to this much early, never late.
 */
export const LAST_SEEN_WRITE_EVERY_MS = 60_000;

export interface SessionTimes {
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  endedAt: Date | null;
}

export type SessionVerdict =
  | { state: "active"; idleExpiresAt: Date; touch: boolean }
  | { state: "ended" }
  | { state: "idle"; idleExpiredAt: Date }
  | { state: "expired" };

export function lifetimesFromConfig(cfg: { SESSION_IDLE_MINUTES: number; SESSION_ABSOLUTE_HOURS: number }): SessionLifetimes {
  return { idleMs: cfg.SESSION_IDLE_MINUTES * 60_000, absoluteMs: cfg.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

export function absoluteExpiry(createdAt: Date, lifetimes: SessionLifetimes): Date {
  return new Date(createdAt.getTime() + lifetimes.absoluteMs);
}

/** Ended beats expired beats idle: the reason shown is the first thing that ended it. */
export function judgeSession(times: SessionTimes, now: Date, lifetimes: SessionLifetimes): SessionVerdict {
  if (times.endedAt) return { state: "ended" };
  if (now.getTime() >= times.absoluteExpiresAt.getTime()) return { state: "expired" };
  const idleExpiresAt = new Date(times.lastSeenAt.getTime() + lifetimes.idleMs);
  if (now.getTime() >= idleExpiresAt.getTime()) return { state: "idle", idleExpiredAt: idleExpiresAt };
  const touch = now.getTime() - times.lastSeenAt.getTime() >= LAST_SEEN_WRITE_EVERY_MS;
  // After a touch the idle window starts now; it never reaches past the absolute expiry.
  const nextIdle = touch ? new Date(now.getTime() + lifetimes.idleMs) : idleExpiresAt;
  return { state: "active", idleExpiresAt: nextIdle < times.absoluteExpiresAt ? nextIdle : times.absoluteExpiresAt, touch };
}

/** Cookie lifetime: until the absolute expiry (the server refuses it earlier when idle or ended). */
export function cookieMaxAgeSeconds(absoluteExpiresAt: Date, now: Date): number {
  return Math.max(0, Math.floor((absoluteExpiresAt.getTime() - now.getTime()) / 1000));
}
