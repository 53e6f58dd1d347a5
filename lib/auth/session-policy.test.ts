import { describe, expect, it } from "vitest";
import { LAST_SEEN_WRITE_EVERY_MS, absoluteExpiry, cookieMaxAgeSeconds, judgeSession, lifetimesFromConfig } from "./session-policy";

const lifetimes = lifetimesFromConfig({ SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 });
const t0 = new Date("2026-12-07T08:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const session = (lastSeenMinutes: number, endedAt: Date | null = null) => ({ lastSeenAt: at(lastSeenMinutes), absoluteExpiresAt: absoluteExpiry(t0, lifetimes), endedAt });

describe("judgeSession", () => {
  it("reads the lifetimes from config minutes and hours", () => {
    expect(lifetimes).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
    expect(absoluteExpiry(t0, lifetimes)).toEqual(new Date("2026-12-07T20:00:00Z"));
  });

  it("keeps a session active within the idle window and writes last-seen at most once a minute", () => {
    expect(judgeSession(session(0), at(0.5), lifetimes)).toEqual({ state: "active", idleExpiresAt: at(30), touch: false });
    expect(judgeSession(session(0), at(LAST_SEEN_WRITE_EVERY_MS / 60_000), lifetimes)).toEqual({ state: "active", idleExpiresAt: at(31), touch: true });
    expect(judgeSession(session(0), at(29.9), lifetimes)).toMatchObject({ state: "active", touch: true });
  });

  it("ends a session after the idle timeout without a request", () => {
    expect(judgeSession(session(0), at(30), lifetimes)).toEqual({ state: "idle", idleExpiredAt: at(30) });
    expect(judgeSession(session(100), at(131), lifetimes)).toMatchObject({ state: "idle" });
  });

  it("ends a session at its absolute lifetime however active it is, and never promises idle time past it", () => {
    expect(judgeSession(session(12 * 60 - 1), at(12 * 60), lifetimes)).toEqual({ state: "expired" });
    expect(judgeSession(session(12 * 60 - 5), at(12 * 60 - 2), lifetimes)).toEqual({ state: "active", idleExpiresAt: at(12 * 60), touch: true });
  });

  it("an ended session stays ended, before any expiry", () => {
    expect(judgeSession(session(0, at(1)), at(2), lifetimes)).toEqual({ state: "ended" });
    expect(judgeSession(session(0, at(1)), at(24 * 60), lifetimes)).toEqual({ state: "ended" });
  });

  it("gives the cookie the time left until the absolute expiry", () => {
    expect(cookieMaxAgeSeconds(absoluteExpiry(t0, lifetimes), at(60))).toBe(11 * 3600);
    expect(cookieMaxAgeSeconds(absoluteExpiry(t0, lifetimes), at(13 * 60))).toBe(0);
  });
});
