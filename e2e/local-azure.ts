/**
 * How the e2e journeys reach the e2e stack's local Azure from outside the console: the stack file
 * (`<E2E.dataDir>/local-stack.json`) and its CA, HTTPS verified with that CA, a token for ARM as the
 * stack's automation service principal, and ARM calls by resource path.
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import { expect } from "@playwright/test";
import { readLocalStackFile, type LocalStackFile } from "../emulator/local-stack-file";
import { E2E } from "./stack";

export interface StackResponse {
  status: number;
  body: unknown;
}

/** Read when the test runs: the launcher writes the file after the test files are loaded. */
let loaded: { stack: LocalStackFile; ca: string } | undefined;
export function localStack(): { stack: LocalStackFile; ca: string } {
  if (!loaded) {
    const stack = readLocalStackFile(E2E.dataDir);
    loaded = { stack, ca: readFileSync(stack.caFile, "utf8") };
  }
  return loaded;
}

/**
 * HTTPS against the e2e stack, verified with its own CA (as NODE_EXTRA_CA_CERTS would). A string
 * body is sent as is; any other body as JSON (with content-type application/json unless given).
 */
export function stackCall(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<StackResponse> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const { ca } = localStack();
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca, headers: { ...(payload && typeof body !== "string" ? { "content-type": "application/json" } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A token for ARM as the stack's automation service principal (client credentials, like @azure/identity). */
export async function armToken(): Promise<string> {
  const a = localStack().stack.automation;
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: a.clientId, client_secret: a.clientSecret, scope: "https://management.azure.com/.default" });
  const res = await stackCall("POST", `${a.authorityHost}/${a.tenantId}/oauth2/v2.0/token`, form.toString(), { "content-type": "application/x-www-form-urlencoded" });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

/** `/subscriptions/<stack's>/resourceGroups/rg-openhands-<env>`: the environment's resource group. */
export function resourceGroupPath(env: string): string {
  return `/subscriptions/${localStack().stack.subscriptionId}/resourceGroups/rg-openhands-${env}`;
}

/**
 * One ARM call with the token: `path` is a resource path (`/subscriptions/…`), `apiVersion` its
 * api-version. An empty string body is an action without a body (POST …/listKeys): content-length 0.
 */
export function armRequest(token: string, method: string, path: string, apiVersion: string, body?: unknown): Promise<StackResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(body === "" ? { "content-length": "0" } : {}) };
  return stackCall(method, `${localStack().stack.armEndpoint}${path}?api-version=${apiVersion}`, body, headers);
}

/** The resources of one type (e.g. `Microsoft.Cache/redis`) in the environment's resource group; the list must answer 200. */
export async function armList<T>(token: string, env: string, type: string, apiVersion: string): Promise<T[]> {
  const list = await armRequest(token, "GET", `${resourceGroupPath(env)}/providers/${type}`, apiVersion);
  expect(list.status).toBe(200);
  return (list.body as { value: T[] }).value;
}
