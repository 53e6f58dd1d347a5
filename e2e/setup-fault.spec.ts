/**
 * User goal: when Azure refuses a change during setup, the admin sees which step failed, Azure's
 * error and what to do, fixes the cause, clicks Retry and setup finishes — nothing redone that
 * was already done. Runs on the environment the setup wizard journey made (project "day-two"):
 * the AKS cluster is made to differ from the plan (its tags changed through ARM), the local Azure
 * is told to refuse the next PUTs of that cluster with QuotaExceeded, and the admin runs setup
 * again from the wizard page.
 */
import { test, expect } from "./fixtures";
import { armRequest, armToken, localStack, resourceGroupPath, stackCall } from "./local-azure";
import { authFile } from "./roles";

const AKS_API = "2025-10-01";

const faults = (method: string, body?: unknown) => stackCall(method, `${localStack().stack.armEndpoint}/_emulator/faults`, body);

test.use({ storageState: authFile("admin") });

test.afterAll(async () => {
  await faults("DELETE"); // never leave a fault behind for later journeys
});

test("an AKS QuotaExceeded fails the step with Azure's error and the remedy; after the fix, Retry finishes setup", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/setup");
  const finished = page.getByLabel("Finished setup");
  await expect(finished).toBeVisible();
  const env = (await finished.getAttribute("data-environment")) ?? "";
  expect(env).not.toBe("");
  const cluster = `${resourceGroupPath(env)}/providers/Microsoft.ContainerService/managedClusters/aks-openhands-${env}`;
  const token = await armToken();

  // Somebody changed the cluster outside the console: setup will want to put it back (a PUT).
  const patched = await armRequest(token, "PATCH", cluster, AKS_API, { tags: { "managed-by": "someone-else" } });
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
  const after = await armRequest(token, "GET", cluster, AKS_API);
  expect(after.body).toMatchObject({ tags: { "managed-by": "openhands-console", "openhands-environment": env } });
});
