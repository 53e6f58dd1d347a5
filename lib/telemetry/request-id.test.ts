import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id";

describe("requestIdFrom", () => {
  it("keeps a caller's id that is safe to log", () => {
    expect(requestIdFrom("4bf92f3577b34da6a3ce929d0e0e4736")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });
  it("replaces a missing, short or log-injecting id with a new UUID", () => {
    for (const bad of [null, undefined, "", "abc", 'x"\n{"level":"error"}', "a".repeat(200)]) {
      const id = requestIdFrom(bad);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
