/** An ARM / Azure Monitor failure in one sentence for the page (status, code, Azure's message; no stack). */
export function describeArmError(err: unknown): string {
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  const status = typeof e?.statusCode === "number" ? `${e.statusCode} ` : "";
  const code = typeof e?.code === "string" ? `${e.code}: ` : "";
  const message = typeof e?.message === "string" ? e.message : "the request failed";
  const text = `${status}${code}${message}`.replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}
