/**
 * User goal: when Azure refuses a change during setup, the admin sees which step failed, Azure's
 * error and what to do, fixes the cause, clicks Retry and setup finishes — nothing redone that
 * was already done. Runs on the environment the setup wizard journey made (project "day-two"):
 * the AKS cluster is made to differ from the plan (its tags changed through ARM), the local Azure
 * is told to refuse the next PUTs of that cluster with QuotaExceeded, and the admin runs setup
 * again from the wizard page.
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { authFile } from "./roles";
import { E2E } from "./stack";

interface StackFile {
  armEndpoint: string;
  subscriptionId: string;
  caFile: string;
  automation: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string };
}
/** Read when the test runs: the launcher writes the file after the test files are loaded. */
let loaded: { stack: StackFile; ca: string } | undefined;
function local(): { stack: StackFile; ca: string } {
  if (!loaded) {
    const stack = JSON.parse(readFileSync(path.join(E2E.dataDir, "local-stack.json"), "utf8")) as StackFile;
    loaded = { stack, ca: readFileSync(stack.caFile, "utf8") };
  }
  return loaded;
}
const AKS_API = "2025-10-01";

/** HTTPS against the e2e stack, verified with its own CA (as NODE_EXTRA_CA_CERTS would). */
function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const { ca } = local();
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
async function armToken(): Promise<string> {
  const a = local().stack.automation;
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: a.clientId, client_secret: a.clientSecret, scope: "https://management.azure.com/.default" });
  const res = await call("POST", `${a.authorityHost}/${a.tenantId}/oauth2/v2.0/token`, form.toString(), { "content-type": "application/x-www-form-urlencoded" });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

const faults = (method: string, body?: unknown) => call(method, `${local().stack.armEndpoint}/_emulator/faults`, body);

test.use({ storageState: authFile("admin") });

test.afterAll(async () => {
  await faults("DELETE"); // never leave a fault behind for later journeys
});

test("an AKS QuotaExceeded fails the step with Azure's error and the remedy; after the fix, Retry finishes setup", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/setup");
  const finished = page.getByLabel("Finished setup");
  await expect(finished).toBeVisible();
  const { stack } = local();
  const env = (await finished.getAttribute("data-environment")) ?? "";
  expect(env).not.toBe("");
  const cluster = `/subscriptions/${stack.subscriptionId}/resourceGroups/rg-openhands-${env}/providers/Microsoft.ContainerService/managedClusters/aks-openhands-${env}`;
  const auth = { authorization: `Bearer ${await armToken()}` };

  // Somebody changed the cluster outside the console: setup will want to put it back (a PUT).
  const patched = await call("PATCH", `${stack.armEndpoint}${cluster}?api-version=${AKS_API}`, { tags: { "managed-by": "someone-else" } }, auth);
  expect(patched.status).toBe(200);
  // The local Azure refuses that PUT, as Azure does when the vCPU quota is used up.
  const added = await faults("POST", {
    match: { method: "PUT", path: `/managedClusters/aks-openhands-${env}` },
    count: 5,
    action: { type: "error", code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota. Current Limit: 10, Current Usage: 10." },
  });
  expect(added.status).toBe(201);

  await page.getByRole("button", { name: "Run setup again" }).click();
  await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}/, { timeout: 30_000 });
  const status = page.locator("[data-operation-status]");
  await expect(status).toHaveAttribute("data-operation-status", "failed", { timeout: 180_000 });

  // The failed step, Azure's error and the remedy, inline.
  const steps = page.getByLabel("Steps", { exact: true });
  const aks = steps.locator('[data-step="aks"]');
  await expect(aks).toHaveAttribute("data-status", "failed");
  await expect(aks).toContainText("QuotaExceeded");
  await expect(aks).toContainText("standardDSv5Family");
  await expect(aks).toContainText(/Remedy: Request more vCPU quota for standardDSv5Family in region westeurope/);
  await expect(page.getByRole("alert").filter({ hasText: "Failed at aks: QuotaExceeded" })).toBeVisible();
  // Steps after the cluster did not run.
  await expect(steps.locator('[data-step="openhands.namespaces"]')).toHaveAttribute("data-status", "pending");

  // The admin gets the quota raised (here: the fault is cleared), then retries from the failed step.
  expect((await faults("DELETE")).status).toBe(204);
  expect(await faults("GET")).toMatchObject({ body: { rules: [] } });
  await page.getByRole("button", { name: "Retry from the failed step" }).click();
  await expect(status).toHaveAttribute("data-operation-status", "succeeded", { timeout: 180_000 });
  await expect(aks).toHaveAttribute("data-status", "succeeded");
  await expect(aks).toHaveAttribute("data-change", "updated");
  await expect(aks).toContainText("attempt 2");
  await expect(page.getByLabel("Setup summary")).toContainText(/Resources: 0 created, [1-9]\d* updated, \d+ unchanged/);
  await expect(page.getByLabel("Audit trail").locator('[data-action="operation.retry"]')).toContainText("Ada Admin");

  // Azure holds the plan again.
  const after = await call("GET", `${stack.armEndpoint}${cluster}?api-version=${AKS_API}`, undefined, auth);
  expect(after.body).toMatchObject({ tags: { "managed-by": "openhands-console", "openhands-environment": env } });
});
