import { describe, expect, it } from "vitest";
import { isValidZoneName } from "./private-dns";

describe("private DNS zone names", () => {
  it.each(["privatelink.postgres.database.azure.com", "openhands-prod.private.postgres.database.azure.com", "contoso.local", "a.b."])("accepts %j", (name) =>
    expect(isValidZoneName(name)).toBe(true),
  );
  it.each(["local", "-bad.example.com", "bad-.example.com", "under_score.example.com", `${"a".repeat(64)}.com`, "a..b"])("refuses %j", (name) => expect(isValidZoneName(name)).toBe(false));
});
