import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "./logger";

function capture(level: LogLevel = "info") {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createLogger({ level, write: (line, l) => lines.push({ line, level: l }), now: () => new Date("2026-01-02T03:04:05.000Z") });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>) };
}

describe("the server's structured log", () => {
  it("writes one JSON object per record with time, level, message and fields", () => {
    const { logger, records, lines } = capture();
    logger.info("request", { method: "GET", path: "/api/health" });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).not.toContain("\n");
    expect(records()[0]).toEqual({ time: "2026-01-02T03:04:05.000Z", level: "info", msg: "request", method: "GET", path: "/api/health" });
  });

  it("a child logger stamps its request id on every record", () => {
    const { logger, records } = capture();
    const req = logger.child({ requestId: "r-1" });
    req.warn("slow", { ms: 1200 });
    req.error("failed");
    expect(records().map((r) => r.requestId)).toEqual(["r-1", "r-1"]);
  });

  it("drops records below the level", () => {
    const { logger, records } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(records().map((r) => r.level)).toEqual(["warn", "error"]);
  });

  it("never writes secrets: secret keys and secret-looking strings are redacted, errors keep their message", () => {
    const { logger, lines, records } = capture();
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    logger.error("arm call failed", { clientSecret: "s3cr3t-value", url: "postgres://u:hunter2@db:5432/x", err: new Error(`token ${jwt} refused`) });
    expect(lines[0]?.line).not.toMatch(/s3cr3t-value|hunter2|eyJhbGci/);
    const r = records()[0] as { err: { message: string; name: string } };
    expect(r.err.name).toBe("Error");
    expect(r.err.message).toMatch(/refused/);
  });
});
