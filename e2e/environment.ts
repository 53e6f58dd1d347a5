import { expect, type Page } from "@playwright/test";

/** The name of the environment the setup journey made (random per run), as the wizard page shows it. */
export async function environmentName(page: Page): Promise<string> {
  await page.goto("/setup");
  const finished = page.getByLabel("Finished setup");
  await expect(finished).toBeVisible();
  const env = (await finished.getAttribute("data-environment")) ?? "";
  expect(env).not.toBe("");
  return env;
}
