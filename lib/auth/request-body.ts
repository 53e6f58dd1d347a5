/**
 * Reading a route handler's JSON body safely. Called only after the caller is authenticated and
 * permitted (see `handleRoute`), so an anonymous client cannot make the console buffer anything.
 * Even then a body is bounded: a declared `Content-Length` over the limit is refused before a byte
 * is read, and a streamed (chunked) body is cut off as soon as it passes the limit — the operations
 * worker shares this process, so one large upload must not starve provisioning.
 */

/** Route inputs are small JSON objects (ids, names, a few options); 64 KiB is generous. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export type BodyRefusal = { status: 400 | 413 | 415; code: "invalid_input" | "payload_too_large" | "unsupported_media_type"; message: string };
export type BodyResult = { ok: true; data: unknown } | ({ ok: false } & BodyRefusal);

const tooLarge = (limit: number): BodyRefusal => ({
  status: 413,
  code: "payload_too_large",
  message: `The request body is larger than ${Math.floor(limit / 1024)} KiB; route inputs are small JSON objects.`,
});

/** True when the request declares a body (a length above zero, or a streamed one). */
function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return req.body !== null;
}

/**
 * The JSON body of `req`, or why it is refused. An empty body is `{}` (inputs with only optional
 * fields). A body needs `Content-Type: application/json`: besides being honest, that content type
 * cannot be sent cross-origin without a CORS preflight, which the console never grants.
 */
export async function readJsonBody(req: Request, limit = MAX_JSON_BODY_BYTES): Promise<BodyResult> {
  if (!hasBody(req)) return { ok: true, data: {} };
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    await discard(req);
    return { ok: false, status: 415, code: "unsupported_media_type", message: `Send the input as JSON with \`Content-Type: application/json\` (got ${type ? `\`${type.slice(0, 100)}\`` : "no content type"}).` };
  }
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) {
    await discard(req);
    return { ok: false, ...tooLarge(limit) };
  }
  const text = await readCapped(req, limit);
  if (text === undefined) return { ok: false, ...tooLarge(limit) };
  if (text.trim() === "") return { ok: true, data: {} };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, code: "invalid_input", message: "The request body is not valid JSON." };
  }
}

/** The body as text, or undefined once more than `limit` bytes arrived (the rest is never read). */
async function readCapped(req: Request, limit: number): Promise<string | undefined> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

/**
 * Refuses an unread body without reading it: cancelling the stream tells the server not to pull
 * more, so the bytes are dropped by the socket layer instead of being buffered here.
 */
export async function discard(req: Request): Promise<void> {
  if (req.body && !req.bodyUsed) await req.body.cancel().catch(() => undefined);
}
