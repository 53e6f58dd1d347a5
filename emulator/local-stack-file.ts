/**
 * `.data/local-stack.json`: what a running local stack looks like from outside. The launcher
 * writes it; scripts, tests and benchmarks read it to find endpoints, the CA and credentials
 * (the automation service principal works with plain @azure/identity against the local Entra).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const localStackFileSchema = z.object({
  consoleUrl: z.string().url(),
  armEndpoint: z.string().url(),
  /** Router for Ingress hosts of OpenHands deployments: http://<ingress host>.localhost:<port>. */
  ingressUrl: z.string().url(),
  entra: z.object({
    authority: z.string().url(),
    authorityHost: z.string().url(),
    tenantId: z.string().uuid(),
    spaClientId: z.string(),
    apiScope: z.string(),
  }),
  tenantId: z.string().uuid(),
  subscriptionId: z.string().uuid(),
  caFile: z.string(),
  databaseUrl: z.string(),
  demoUsers: z.array(z.object({ username: z.string(), name: z.string(), roles: z.array(z.string()) })),
  automation: z.object({
    tenantId: z.string().uuid(),
    clientId: z.string(),
    clientSecret: z.string(),
    authorityHost: z.string().url(),
    note: z.string(),
  }),
  startedAt: z.string(),
});
export type LocalStackFile = z.infer<typeof localStackFileSchema>;

export function localStackFilePath(dataDir: string): string {
  return path.resolve(dataDir, "local-stack.json");
}

export function readLocalStackFile(dataDir = process.env.LOCAL_STACK_DIR ?? ".data"): LocalStackFile {
  const file = localStackFilePath(dataDir);
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch {
    throw new Error(`${file} not found: start the local stack first (npm start).`);
  }
  return localStackFileSchema.parse(JSON.parse(raw));
}
