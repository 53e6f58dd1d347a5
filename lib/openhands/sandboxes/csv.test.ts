import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "./csv";

describe("CSV", () => {
  it("quotes fields with commas, quotes and line breaks (RFC 4180), CRLF line ends", () => {
    expect(csvLine(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rx"])).toBe('plain,"a,b","say ""hi""","two\nlines","cr\rx"\r\n');
  });
  it("writes numbers, dates and empty values plainly", () => {
    expect(csvLine([1.5, 0, null, undefined, new Date("2026-11-26T10:00:00Z"), Number.NaN])).toBe("1.5,0,,,2026-11-26T10:00:00.000Z,\r\n");
  });
  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@cmd")).toBe("'@cmd");
    expect(csvField(-3)).toBe("-3");
  });
  it("defuses a leading line feed or carriage return and the full-width ＝ ＋ － ＠", () => {
    expect(csvField("\n=1+1")).toBe("\"'\n=1+1\"");
    expect(csvField("\r=1+1")).toBe("\"'\r=1+1\"");
    expect(csvField("＝HYPERLINK(1)")).toBe("'＝HYPERLINK(1)");
    expect(csvField("＋1")).toBe("'＋1");
    expect(csvField("－1")).toBe("'－1");
    expect(csvField("＠SUM(A1)")).toBe("'＠SUM(A1)");
    expect(csvField("plain ＝ text")).toBe("plain ＝ text");
  });
});
