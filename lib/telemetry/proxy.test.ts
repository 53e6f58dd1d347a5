import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

afterEach(() => vi.restoreAllMocks());

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("the request proxy", () => {
  it("gives every request an id, passes it to the route and the response, and logs one JSON line", () => {
    const lines = captureStdout();
    const res = proxy(new NextRequest("http://localhost:3000/api/operations/abc?x=1", { method: "POST" }));
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // NextResponse.next({ request: { headers } }) hands the route its headers through this override list.
    expect(res.headers.get("x-middleware-request-x-request-id")).toBe(id);
    const record = JSON.parse(lines.join("").trim()) as Record<string, unknown>;
    expect(record).toMatchObject({ level: "info", msg: "request", requestId: id, method: "POST", path: "/api/operations/abc" });
  });

  it("keeps a caller's request id (the ingress's) so one id follows the request", () => {
    captureStdout();
    const res = proxy(new NextRequest("http://localhost:3000/", { headers: { "x-request-id": "ingress-0123456789abcdef" } }));
    expect(res.headers.get("x-request-id")).toBe("ingress-0123456789abcdef");
  });
});
