import { describe, expect, it } from "vitest";
import { auditQuery, displayQuery, truncate } from "./query-text";

describe("query text", () => {
  it("cuts long text with an ellipsis at the limit", () => {
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdefg", 6)).toBe("abcde…");
  });

  it("hides passwords from the page but keeps the rest readable", () => {
    expect(displayQuery("ALTER ROLE app PASSWORD 'hunter2' LOGIN", 300)).toBe("ALTER ROLE app PASSWORD '[redacted]' LOGIN");
    expect(displayQuery("select * from conversation_metadata where user_id = 'u1'", 300)).toBe("select * from conversation_metadata where user_id = 'u1'");
    expect(displayQuery(null, 10)).toBeNull();
  });

  it("keeps only the statement's shape for the audit log", () => {
    expect(auditQuery("SELECT pg_sleep(600), 'secret-value', $$body$$, E'x\\'y' FROM t WHERE id = 42 AND v > -1.5e3", 300)).toBe(
      "SELECT pg_sleep(?), ?, ?, ? FROM t WHERE id = ? AND v > ?",
    );
    expect(auditQuery("UPDATE t SET a = $1 WHERE b = $2", 300)).toBe("UPDATE t SET a = $1 WHERE b = $2");
    expect(auditQuery("select t2.c1 from t2", 300)).toBe("select t2.c1 from t2");
    expect(auditQuery("x".repeat(50), 10)).toHaveLength(10);
  });
});
