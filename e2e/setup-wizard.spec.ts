/**
 * User goal: an admin who has never run OpenHands on Azure walks the guided setup — environment,
 * sizing, identity, OpenHands, preflight, review — and provisions it, watching the operation
 * progress live, and ends on the Done summary with OpenHands Ready; running setup again changes
 * nothing and says so. Reader and Operator see setup read-only and cannot change or re-run it.
 */
import { test, expect, type Page } from "./fixtures";
import { authFile } from "./roles";

const ENV = `e${Date.now().toString(36).slice(-5)}`;
const SECRETS = { kc: "kc-secret-e2e-value", kcAdmin: "kc-admin-e2e-value", entra: "entra-secret-e2e-value", llm: "sk-llm-e2e-value" };

/** Internal document references ("DESIGN §2", "knowledge/….md") never reach an admin's screen. */
async function expectNoInternalReferences(page: Page) {
  await expect(page.locator("body")).not.toContainText(/DESIGN(\.md)?\s*§|knowledge\/[\w-]+\.md/);
}

async function saveAndContinue(page: Page, next: string) {
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`step=${next}`));
}

for (const role of ["reader", "operator"] as const) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: authFile(role) });

    test("sees setup read-only and cannot start or change it", async ({ page }) => {
      await page.goto("/setup");
      await expect(page.getByText("Read-only")).toBeVisible();
      await expect(page.getByRole("button", { name: "Start setup" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Save and continue" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Provision" })).toHaveCount(0);
    });
  });
}

test.describe("as admin", () => {
  test.use({ storageState: authFile("admin") });

  test("walks the wizard to Review and provisions, with live progress", async ({ page }) => {
    test.setTimeout(600_000);
    await page.goto("/setup");
    // A console that already set up an environment offers another; an empty one starts the first.
    const another = page.getByRole("button", { name: "Set up another environment" });
    const start = page.getByRole("button", { name: "Start setup" });
    await expect(another.or(start)).toBeVisible();
    await expectNoInternalReferences(page); // the first page an admin reads said "(DESIGN §2)"
    if (await another.isVisible()) await another.click();
    else if (await start.isVisible()) await start.click();
    await expect(page.getByRole("navigation", { name: "Setup steps" })).toBeVisible();
    await expectNoInternalReferences(page);

    // 1. Environment: subscription and regions come from ARM; an illegal name is refused with its rule.
    await page.goto("/setup?step=environment");
    await page.getByLabel("Environment name").fill(ENV);
    await expect(page.getByLabel("Subscription")).not.toHaveValue("");
    // The names that will be created follow the name as it is typed, before anything is saved.
    await expect(page.getByLabel("resource group name")).toHaveAttribute("placeholder", `rg-openhands-${ENV}`);
    await expect(page.getByLabel("AKS cluster name")).toHaveAttribute("placeholder", `aks-openhands-${ENV}`);
    await expect(page.getByLabel("PostgreSQL flexible server name")).toHaveAttribute("placeholder", new RegExp(`^db-openhands-${ENV}-[a-z0-9]{5}$`));
    const previewedPostgres = (await page.getByLabel("PostgreSQL flexible server name").getAttribute("placeholder")) ?? "";
    await page.getByLabel("Region").selectOption("westeurope");
    await page.getByLabel("storage account name").fill("stg-openhands-blob");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.getByText(/"stg-openhands-blob" is not a legal storage account name/).first()).toBeVisible();
    await page.getByLabel("storage account name").fill("");
    await saveAndContinue(page, "sizing");

    // 2. Sizing: preset, dated estimate.
    await page.getByText("Pilot").click();
    await expect(page.getByRole("region", { name: "Cost estimate" })).toContainText("Price table dated");
    await expect(page.getByRole("region", { name: "Cost estimate" })).toContainText("estimate");
    await saveAndContinue(page, "identity");

    // 3. Identity: secrets are write-only.
    await page.getByLabel("Keycloak URL").fill("https://auth.contoso.test");
    await page.getByLabel("Keycloak client id").fill("openhands");
    await page.getByLabel("Keycloak client secret").fill(SECRETS.kc);
    await page.getByLabel("Keycloak admin password").fill(SECRETS.kcAdmin);
    await page.getByLabel("Entra ID tenant id").fill("72f988bf-86f1-41af-91ab-2d7cd011db47");
    await page.getByLabel("Entra ID application (client) id").fill("0f6a1b7e-1111-4a2b-9c3d-000000000001");
    await page.getByLabel("Entra ID client secret").fill(SECRETS.entra);
    await saveAndContinue(page, "openhands");

    // 4. OpenHands.
    await page.getByLabel("Public host name").fill(`${ENV}.openhands.contoso.test`);
    await page.getByLabel("TLS").selectOption("none");
    await page.getByLabel("LLM model").fill("anthropic/claude-sonnet-4-5");
    await page.getByLabel("LLM API key").fill(SECRETS.llm);
    await saveAndContinue(page, "preflight");

    // Going back shows secrets as provided, never their values.
    await page.goto("/setup?step=identity");
    await expect(page.getByLabel("Keycloak client secret")).toHaveAttribute("placeholder", /provided ✓/);
    expect(await page.content()).not.toContain(SECRETS.kc);

    // 5. Preflight: run; register a provider when a check offers it, then run again.
    await page.goto("/setup?step=preflight");
    await page.getByRole("button", { name: /Run preflight/ }).click();
    const checks = page.getByLabel("Preflight checks");
    await expect(checks).toBeVisible({ timeout: 60_000 });
    const fixes = await page.getByRole("button", { name: /^Register / }).allInnerTexts();
    for (const label of fixes) {
      const namespace = label.replace(/^Register /, "").trim();
      await page.getByRole("button", { name: label }).click();
      await expect(page.getByText(new RegExp(`${namespace.replace(".", "\\.")}: (Registered|Registering)`))).toBeVisible();
    }
    // Registration may take a moment: run again until no check fails (or give up and show them).
    for (let round = 0; round < 6; round++) {
      const ranAt = (await checks.getAttribute("data-ran-at")) ?? "";
      await page.getByRole("button", { name: /Run preflight/ }).click();
      await expect(checks).not.toHaveAttribute("data-ran-at", ranAt, { timeout: 60_000 });
      if ((await checks.locator('[data-status="fail"]').count()) === 0) break;
      await page.waitForTimeout(2_000);
    }
    const failing = await checks.locator('[data-status="fail"]').allInnerTexts();
    expect(failing, `failing preflight checks:\n${failing.join("\n")}`).toEqual([]);
    // The last run is said in the console's one convention: 24-hour UTC, zone written out.
    await expect(page.getByText(/^Last run /)).toHaveText(/^Last run \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    // The permission check says what it read, never "Azure did not answer" for a group that does not exist yet.
    await expect(checks.locator('[data-check="permissions"]')).not.toContainText("did not answer");

    // 6. Review (reached from preflight's own button): resources with names, SKUs, costs; Bicep; Provision.
    await page.getByRole("link", { name: "Continue to Review" }).click();
    await expect(page).toHaveURL(/step=review/);
    const resources = page.getByLabel("Planned resources");
    await expect(resources).toContainText(`aks-openhands-${ENV}`);
    await expect(resources).toContainText(previewedPostgres); // what the Environment step previewed is what is planned
    // At 1400 px the Review fits the window: no page-wide horizontal scroll, the cost column inside its card.
    await page.setViewportSize({ width: 1400, height: 900 });
    const widths = await page.evaluate(() => ({ scroll: document.scrollingElement?.scrollWidth ?? 0, window: window.innerWidth }));
    expect(widths.scroll, `page ${widths.scroll} px wide in a ${widths.window} px window`).toBeLessThanOrEqual(widths.window);
    const card = await page.getByRole("region", { name: "Review", exact: true }).boundingBox();
    const costHeader = await resources.getByRole("columnheader", { name: "est. monthly" }).boundingBox();
    expect(costHeader && card && costHeader.x + costHeader.width <= card.x + card.width).toBe(true);
    await expectNoInternalReferences(page);
    await expect(page.getByRole("region", { name: "Cost estimate" })).toContainText("Price table dated");
    const bicep = await page.request.get(await page.getByRole("link", { name: "Download Bicep" }).getAttribute("href") ?? "");
    expect(bicep.status()).toBe(200);
    expect(await bicep.text()).toContain("Microsoft.ContainerService/managedClusters");
    await page.getByRole("button", { name: "Provision" }).click();

    // 7. Progress: steps update live, without reloading the page.
    await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}/, { timeout: 30_000 });
    const steps = page.getByLabel("Steps", { exact: true });
    await expect(steps.locator('[data-status="succeeded"]').first()).toBeVisible({ timeout: 120_000 });
    await expect(page.locator("[data-operation-status]")).toHaveAttribute("data-operation-status", /succeeded|failed/, { timeout: 300_000 });
    const status = await page.locator("[data-operation-status]").getAttribute("data-operation-status");
    const errors = status === "failed" ? await steps.locator('[data-status="failed"]').allInnerTexts() : [];
    expect(status, `failed steps:\n${errors.join("\n")}`).toBe("succeeded");

    // 9. Done: the OpenHands URL, OpenHands Ready (deploy steps), what was created, the audit trail.
    const summary = page.getByLabel("Setup summary");
    await expect(summary.getByRole("link", { name: `http://${ENV}.openhands.contoso.test` })).toBeVisible(); // TLS "none" was chosen
    // Ready may already hold when the step first looks (the local Azure's pods start fast).
    await expect(steps.locator('[data-step="openhands.ready"]')).toHaveAttribute("data-status", /^(succeeded|skipped)$/);
    // The health check changes nothing: it ends skipped, and says "verified".
    await expect(steps.locator('[data-step="openhands.health"]')).toHaveAttribute("data-status", "skipped");
    await expect(steps.locator('[data-step="openhands.health"]')).toContainText("verified");
    await expect(page.getByLabel("OpenHands readiness")).toHaveAttribute("data-ready", "true");
    await expect(page.getByLabel("OpenHands readiness")).toContainText("OpenHands Ready");
    // A health check that answered reads "passed" (the step itself is recorded as skipped: it changed nothing).
    await expect(page.getByLabel("OpenHands readiness").locator('[data-step="openhands.health"]')).toContainText(/^Health check: passed/);
    await expect(page.getByLabel("OpenHands readiness")).not.toContainText("skipped");
    // A first setup created its resources: nothing to update; the only "unchanged" rows are server
    // settings Azure already had as planned (require_secure_transport is on by default). The Ready
    // wait and the health probe are checks, not resources (they made it read "1 updated, 2 unchanged").
    const counted = (await summary.getByRole("heading", { name: /^Resources: / }).innerText()).trim();
    const notCreated = await summary.getByLabel("Resources of this setup").locator('tr:not([data-change="created"])').allInnerTexts();
    expect(counted, `not created on a first setup:\n${notCreated.join("\n")}`).toMatch(/^Resources: [1-9]\d* created, 0 updated, \d+ unchanged$/);
    for (const row of notCreated) expect(row).toMatch(/^unchanged\s.*flexibleServers\/configurations/);
    await expect(summary.getByLabel("Resources of this setup").locator('[data-change="unchanged"]')).toHaveCount(notCreated.length);
    // Where the PostgreSQL admin password lives, and how to read it.
    await expect(summary.getByLabel("PostgreSQL admin password")).toContainText("kubectl get secret postgres-password -n openhands -o jsonpath='{.data.password}' | base64 -d");
    await expect(summary.getByLabel("PostgreSQL admin password")).toContainText(`az aks get-credentials --resource-group rg-openhands-${ENV} --name aks-openhands-${ENV}`);
    await expectNoInternalReferences(page);
    await expect(summary.getByRole("link", { name: new RegExp(`/managedClusters/aks-openhands-${ENV}$`) })).toHaveAttribute("href", /^https:\/\/portal\.azure\.com\/#@\/resource\/subscriptions\//);
    await expect(summary).toContainText("Total wall time");
    // Where the host name's DNS record must point: the Ingress's public address.
    await expect(summary.getByLabel("DNS record")).toContainText(new RegExp(`${ENV}\\.openhands\\.contoso\\.test must resolve to \\d+\\.\\d+\\.\\d+\\.\\d+`));
    const trail = summary.getByLabel("Audit trail");
    await expect(trail.locator('[data-action="setup.provision"]')).toContainText("Ada Admin");
    await expect(trail.locator('[data-action="setup.environment.save"][data-outcome="success"]').first()).toBeVisible();
    await expect(summary.getByRole("list", { name: "Next steps" }).getByRole("link", { name: "Sandboxes" })).toHaveAttribute("href", `/sandboxes?env=${ENV}`);
    expect(await page.content()).not.toContain(SECRETS.llm);

    // The Database page says the same about the password.
    await page.goto(`/database?env=${ENV}`);
    await expect(page.getByLabel("PostgreSQL admin password")).toContainText("kubectl get secret postgres-password -n openhands");

    // The wizard page now shows the finished environment.
    await page.goto("/setup");
    await expect(page.getByLabel("Finished setup")).toHaveAttribute("data-environment", ENV);
    await expect(page.getByRole("button", { name: "Set up another environment" })).toBeVisible();

    // Run setup again: a new operation on the same environment; everything already matches.
    const firstRun = page.url();
    await page.getByRole("button", { name: "Run setup again" }).click();
    await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}/, { timeout: 30_000 });
    expect(page.url()).not.toBe(firstRun);
    await expect(page.getByRole("heading", { name: `Setup of ${ENV}` })).toBeVisible();
    await expect(page.locator("[data-operation-status]")).toHaveAttribute("data-operation-status", /succeeded|failed/, { timeout: 180_000 });
    expect(await page.locator("[data-operation-status]").getAttribute("data-operation-status")).toBe("succeeded");
    const stepCount = await steps.locator("[data-step]").count();
    expect(stepCount).toBeGreaterThan(10);
    await expect(steps.locator('[data-step][data-status="skipped"][data-change="unchanged"]')).toHaveCount(stepCount);
    await expect(page.getByText("Nothing to change: every resource already matches the plan")).toBeVisible();
    await expect(page.getByLabel("Setup summary")).toContainText(/Resources: 0 created, 0 updated, \d+ unchanged/);
    await expect(page.getByLabel("Audit trail").locator('[data-action="setup.rerun"]')).toContainText("Ada Admin");
  });
});

// After the admin's setup: the finished environment and its summary are visible to every role,
// but only an administrator may run setup again or start another one.
for (const role of ["reader", "operator"] as const) {
  test.describe(`as ${role}, after setup`, () => {
    test.use({ storageState: authFile(role) });

    test("sees the finished setup and its summary without Run setup again", async ({ page }) => {
      await page.goto("/setup");
      await expect(page.getByLabel("Finished setup")).toHaveAttribute("data-environment", ENV);
      await expect(page.getByRole("button", { name: "Run setup again" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Set up another environment" })).toHaveCount(0);
      await page.getByRole("link", { name: "Open the setup summary" }).click();
      await expect(page.getByLabel("Setup summary")).toBeVisible();
      await expect(page.getByRole("button", { name: "Run setup again" })).toHaveCount(0);
    });
  });
}
