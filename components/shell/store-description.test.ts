import { describe, expect, it } from "vitest";
import { describeStore } from "./store-description";

describe("describeStore", () => {
  it("shows host, port and database but never credentials", () => {
    const text = describeStore("postgres://admin:s3cret@db.example.com:5432/console", true);
    expect(text).toBe("PostgreSQL at db.example.com:5432/console (TLS)");
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("admin");
  });
});
