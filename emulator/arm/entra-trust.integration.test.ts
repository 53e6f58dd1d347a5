/**
 * The local Azure may start before the local Entra (the launcher starts both at once): token
 * checks fail with 401 while the issuer is unreachable and work as soon as it answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ClientSecretCredential } from "@azure/identity";
import { startEntra, type RunningEntra } from "../entra/server";
import { loadOrCreateStackIdentity } from "../stack-identity";
import { startLocalAzure, type LocalAzure } from "./local-azure";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-entra-late-"));
let arm: LocalAzure | undefined;
let entra: RunningEntra | undefined;
afterAll(async () => {
  await arm?.close();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("issuer discovery", () => {
  it("answers 401 while the Entra is down and accepts its tokens once it is up", async () => {
    const identity = loadOrCreateStackIdentity(dataDir);
    arm = await startLocalAzure({ dataDir, port: 28445, entraPort: 29445, timeScale: 0 });
    // Any syntactically valid JWT: the ARM cannot fetch keys yet.
    const header = Buffer.from(JSON.stringify({ alg: "RS256", kid: "k" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ oid: identity.automationApp.objectId })).toString("base64url");
    const early = await fetch(`${arm.endpoint}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${header}.${body}.c2ln` } });
    expect(early.status).toBe(401);
    expect(((await early.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "InvalidAuthenticationToken", message: expect.stringContaining("not reachable") });

    entra = await startEntra({ dataDir, port: 29445, consoleUrl: "http://localhost:3000" });
    const cred = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
    const token = (await cred.getToken("https://management.azure.com/.default")).token;
    const later = await fetch(`${arm.endpoint}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(later.status).toBe(200);
    expect(((await later.json()) as { value: Array<{ subscriptionId: string }> }).value[0]?.subscriptionId).toBe(identity.subscriptionId);
  });
});
