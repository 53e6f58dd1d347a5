/**
 * User goal: find one's way around before anything is set up — every section is reachable and
 * says honestly that there is no environment yet, and who can start setup.
 */
import { test, expect } from "./fixtures";
import { authFile } from "./roles";
import { E2E } from "./stack";
import { loadOrCreateStackIdentity } from "../emulator/stack-identity";

const NEEDS_ENVIRONMENT = ["Overview", "Operations", "Monitoring", "Database", "Redis", "Sandboxes", "Upgrades", "Diagnostics"];

test.describe("as reader", () => {
  test.use({ storageState: authFile("reader") });

  for (const section of NEEDS_ENVIRONMENT) {
    test(`${section} shows the empty state without a setup button`, async ({ page }) => {
      await page.goto("/");
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: section, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: section })).toBeVisible();
      await expect(page.getByRole("link", { name: section, exact: true })).toHaveAttribute("aria-current", "page");
      await expect(page.getByText("No environment yet — start setup")).toBeVisible();
      await expect(page.getByText("an administrator (Console.Admin) must run it")).toBeVisible();
      await expect(page.getByRole("link", { name: "Start setup" })).toHaveCount(0);
    });
  }

  test("Settings shows the configuration without secrets", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page.locator("body")).toContainText("Console.Reader");
    const identity = loadOrCreateStackIdentity(E2E.dataDir);
    const html = await page.content();
    expect(html).not.toContain(identity.consoleApp.clientSecret);
    expect(html).not.toContain(identity.automationApp.clientSecret);
  });
});

test.describe("as admin", () => {
  test.use({ storageState: authFile("admin") });

  test("the overview offers to start setup", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Start setup" }).click();
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole("heading", { level: 1, name: "Setup" })).toBeVisible();
  });

  test("an unknown page says it is not found, inside the console", async ({ page }) => {
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.locator("body")).toContainText(/not found/i);
  });
});
