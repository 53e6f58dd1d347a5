import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tagRequest } from "./request-log";

afterEach(() => vi.restoreAllMocks());

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("the proxy's request id", () => {
  it("gives every request an id, hands it to the route and logs one JSON line", () => {
    const lines = captureStdout();
    const routeHeaders = new Headers();
    const id = tagRequest(new NextRequest("http://localhost:3000/api/operations/abc?x=1", { method: "POST" }), routeHeaders);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(routeHeaders.get("x-request-id")).toBe(id);
    const record = JSON.parse(lines.join("").trim()) as Record<string, unknown>;
    expect(record).toMatchObject({ level: "info", msg: "request", requestId: id, method: "POST", path: "/api/operations/abc" });
  });

  it("keeps a caller's request id (the ingress's) so one id follows the request, and logs no asset request", () => {
    const lines = captureStdout();
    const routeHeaders = new Headers();
    expect(tagRequest(new NextRequest("http://localhost:3000/_next/static/x.js", { headers: { "x-request-id": "ingress-0123456789abcdef" } }), routeHeaders)).toBe("ingress-0123456789abcdef");
    expect(routeHeaders.get("x-request-id")).toBe("ingress-0123456789abcdef");
    expect(lines).toEqual([]);
  });
});
