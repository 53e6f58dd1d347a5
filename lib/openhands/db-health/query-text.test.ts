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

  it("hides dollar-quoted bodies and key-like literals from the page", () => {
    expect(displayQuery("DO $$ BEGIN PERFORM set_key('sk-live-abc'); END $$", 300)).toBe("DO $$[redacted]$$");
    expect(displayQuery("SELECT $k$ghp_secretvalue123$k$ AS k, 1", 300)).toBe("SELECT $k$[redacted]$k$ AS k, 1");
    expect(displayQuery("UPDATE settings SET v = 'sk-proj-Abc123def456' WHERE k = 'llm_api_key'", 300)).toBe("UPDATE settings SET v = '[redacted]' WHERE k = 'llm_api_key'");
    expect(displayQuery("INSERT INTO tokens VALUES (E'q8Zr2mVx7LpT4nW9sKd3yHf6')", 300)).toBe("INSERT INTO tokens VALUES ('[redacted]')");
    // Ordinary literals and parameters stay readable.
    expect(displayQuery("SELECT * FROM conversation_metadata WHERE title = 'fix the login page' AND id = $1", 300)).toBe(
      "SELECT * FROM conversation_metadata WHERE title = 'fix the login page' AND id = $1",
    );
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
