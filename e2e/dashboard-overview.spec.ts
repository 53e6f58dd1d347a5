/**
 * User goal: the environment at a glance. After the setup wizard journey provisioned an environment
 * (OpenHands deployed, the simulated workload running), the Overview shows every tile — resources
 * from ARM, OpenHands ready, sandboxes, database and Redis verdicts, alerts — each with a verdict
 * and a link to the page that explains it, for an admin and for a reader.
 */
import { test, expect, type Page } from "./fixtures";
import { authFile } from "./roles";

const TILES: Array<[title: string, link: string, href: RegExp]> = [
  ["OpenHands", "Diagnostics", /^\/diagnostics\?env=/],
  ["Sandboxes", "Sandboxes", /^\/sandboxes\?env=/],
  ["Alerts", "Monitoring", /^\/monitoring\?env=/],
  ["AKS cluster", "Charts", /^\/monitoring\?env=[a-z0-9-]+&resource=aks$/],
  ["PostgreSQL server", "Charts", /^\/monitoring\?env=[a-z0-9-]+&resource=postgres$/],
  ["Database health", "Database", /^\/database\?env=/],
  ["Redis cache", "Charts", /^\/monitoring\?env=[a-z0-9-]+&resource=redis$/],
  ["Redis health", "Redis", /^\/redis\?env=/],
  ["Storage account", "Charts", /^\/monitoring\?env=[a-z0-9-]+&resource=storage$/],
];

const tile = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });

async function seesEveryTile(page: Page) {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  for (const [title, link, href] of TILES) {
    await expect(tile(page, title).getByTestId("tile-verdict"), title).toBeVisible({ timeout: 30_000 });
    await expect(tile(page, title).getByTestId("tile-verdict")).toContainText(/^(OK|Warning|Critical|Unknown)/);
    await expect(tile(page, title).getByRole("link", { name: `${link} →` })).toHaveAttribute("href", href);
  }
}

for (const role of ["admin", "reader"] as const) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: authFile(role) });

    test("every tile renders with a verdict and a link to its page", async ({ page }) => {
      await seesEveryTile(page);
      await expect(tile(page, "AKS cluster")).toContainText("Succeeded · Running");
      await expect(tile(page, "AKS cluster").getByTestId("tile-verdict")).toContainText("OK");
      await expect(tile(page, "PostgreSQL server")).toContainText("Ready");
      await expect(tile(page, "Redis cache")).toContainText("Succeeded");
      await expect(tile(page, "OpenHands").getByTestId("tile-verdict")).toContainText("Ready");
      await expect(tile(page, "Sandboxes").getByTestId("tile-verdict")).toContainText(/\d+ running/);
      await expect(tile(page, "Alerts")).toContainText(/Rules\s*\d+ \(\d+ enabled\)/);
      // The headline is "All N checks ok" or names the worst check and why, never a bare count.
      for (const name of ["Database health", "Redis health"]) {
        const headline = tile(page, name).getByTestId("tile-verdict");
        await expect(headline).toContainText(/All \d+ checks ok|\S+.*: \S+/);
        await expect(headline).not.toContainText("need care");
      }
    });
  });
}

test.describe("as reader", () => {
  test.use({ storageState: authFile("reader") });

  test("follows a tile's link to its charts", async ({ page }) => {
    await page.goto("/");
    await tile(page, "AKS cluster").getByRole("link", { name: "Charts →" }).click();
    await expect(page).toHaveURL(/\/monitoring\?env=[a-z0-9-]+&resource=aks$/);
    await expect(page.getByRole("region", { name: "AKS cluster charts", exact: true }).getByRole("img").first()).toBeVisible({ timeout: 30_000 });
  });

  test("the OpenHands tile's Diagnostics link, and Upgrades, say they are not available yet rather than 'no environment'", async ({ page }) => {
    await page.goto("/");
    await tile(page, "OpenHands").getByRole("link", { name: "Diagnostics →" }).click();
    await expect(page.getByRole("heading", { name: "Diagnostics is not available in this version of the console yet" })).toBeVisible();
    await expect(page.getByText("No environment yet")).toHaveCount(0);
    await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Upgrades" }).click();
    await expect(page.getByRole("heading", { name: "Upgrades is not available in this version of the console yet" })).toBeVisible();
    await expect(page.getByText("No environment yet")).toHaveCount(0);
  });

  test("an environment name that does not exist is named, with a way back", async ({ page }) => {
    await page.goto("/?env=no-such-env");
    await expect(page.getByRole("alert").filter({ hasText: 'There is no environment named "no-such-env"' })).toBeVisible();
    await page.getByRole("link", { name: "Show the newest environment instead" }).click();
    await expect(tile(page, "AKS cluster").getByTestId("tile-verdict")).toBeVisible({ timeout: 30_000 });
  });
});
