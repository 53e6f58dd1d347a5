/**
 * The admin's shortest honest path through the setup wizard (the full journey with its checks is
 * setup-wizard.spec.ts): fill every section, run preflight (registering providers it asks for),
 * press Provision. Returns the operation id from the progress page's URL.
 */
import { expect, type Page } from "@playwright/test";

async function saveAndContinue(page: Page, next: string): Promise<void> {
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`step=${next}`));
}

export async function provisionThroughWizard(page: Page, env: string, region: string): Promise<string> {
  await page.goto("/setup");
  const another = page.getByRole("button", { name: "Set up another environment" });
  const start = page.getByRole("button", { name: "Start setup" });
  await expect(another.or(start)).toBeVisible();
  if (await another.isVisible()) await another.click();
  else await start.click();
  await expect(page.getByRole("navigation", { name: "Setup steps" })).toBeVisible();

  await page.goto("/setup?step=environment");
  await page.getByLabel("Environment name").fill(env);
  await expect(page.getByLabel("Subscription")).not.toHaveValue("");
  await page.getByLabel("Region").selectOption(region);
  await saveAndContinue(page, "sizing");

  await page.getByText("Pilot").click();
  await saveAndContinue(page, "identity");

  await page.getByLabel("Keycloak URL").fill("https://auth.contoso.test");
  await page.getByLabel("Keycloak client id").fill("openhands");
  await page.getByLabel("Keycloak client secret").fill("kc-secret-replicas");
  await page.getByLabel("Keycloak admin password").fill("kc-admin-replicas");
  await page.getByLabel("Entra ID tenant id").fill("72f988bf-86f1-41af-91ab-2d7cd011db47");
  await page.getByLabel("Entra ID application (client) id").fill("0f6a1b7e-1111-4a2b-9c3d-000000000001");
  await page.getByLabel("Entra ID client secret").fill("entra-secret-replicas");
  await saveAndContinue(page, "openhands");

  await page.getByLabel("Public host name").fill(`${env}.openhands.contoso.test`);
  await page.getByLabel("TLS").selectOption("none");
  await page.getByLabel("LLM model").fill("anthropic/claude-sonnet-4-5");
  await page.getByLabel("LLM API key").fill("sk-llm-replicas");
  await saveAndContinue(page, "preflight");

  await page.getByRole("button", { name: /Run preflight/ }).click();
  const checks = page.getByLabel("Preflight checks");
  await expect(checks).toBeVisible({ timeout: 60_000 });
  for (const label of await page.getByRole("button", { name: /^Register / }).allInnerTexts()) {
    const namespace = label.replace(/^Register /, "").trim();
    await page.getByRole("button", { name: label }).click();
    await expect(page.getByText(new RegExp(`${namespace.replace(".", "\\.")}: (Registered|Registering)`))).toBeVisible();
  }
  for (let round = 0; round < 6; round++) {
    const ranAt = (await checks.getAttribute("data-ran-at")) ?? "";
    await page.getByRole("button", { name: /Run preflight/ }).click();
    await expect(checks).not.toHaveAttribute("data-ran-at", ranAt, { timeout: 60_000 });
    if ((await checks.locator('[data-status="fail"]').count()) === 0) break;
    await page.waitForTimeout(2_000);
  }
  expect(await checks.locator('[data-status="fail"]').allInnerTexts(), "failing preflight checks").toEqual([]);

  await page.goto("/setup?step=review");
  await expect(page.getByLabel("Planned resources")).toContainText(`aks-openhands-${env}`);
  await page.getByRole("button", { name: "Provision" }).click();
  await expect(page).toHaveURL(/\/operations\/[0-9a-f-]{36}/, { timeout: 30_000 });
  return /\/operations\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}
