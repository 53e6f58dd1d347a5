/** Reads a small urlencoded request body (token requests and sign-in forms are tiny). */
import type { IncomingMessage } from "node:http";

const LIMIT = 56 * 1024;

export class BodyTooLargeError extends Error {}

export async function readFormBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > LIMIT) throw new BodyTooLargeError("request body too large");
    chunks.push(buf);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
