/**
 * User goal: see how the environment's Azure resources behave over time, faster than in the Azure
 * portal. After the setup wizard journey provisioned an environment, a reader opens Monitoring:
 * charts for AKS, PostgreSQL, Redis and storage, the setup's alert thresholds drawn on them, a range
 * switch that changes the URL and the grain, node metrics split by node pool (one series per pool),
 * a custom range, a bad URL value refused with its reason, and the count of Azure Monitor calls.
 */
import { test, expect, type Page } from "./fixtures";
import { authFile } from "./roles";

const GROUPS = ["AKS cluster", "PostgreSQL", "Redis", "Storage"];

const group = (page: Page, name: string) => page.getByRole("region", { name: `${name} charts`, exact: true });

test.describe("as reader", () => {
  test.use({ storageState: authFile("reader") });

  test("sees charts for each resource with alert thresholds, and the calls it cost", async ({ page }) => {
    await page.goto("/monitoring");
    await expect(page.getByRole("heading", { level: 1, name: "Monitoring" })).toBeVisible();
    for (const name of GROUPS) {
      await expect(group(page, name).getByRole("img").first()).toBeVisible({ timeout: 30_000 });
      await expect(group(page, name)).not.toContainText("could not be read");
    }
    await expect(page.getByTestId("monitoring-grain")).toHaveText("Grain PT1M (1 minute)");

    // The recommended alert rules from setup are drawn on their charts.
    const cpu = group(page, "AKS cluster").locator('[data-chart="node-cpu"]');
    await expect(cpu.getByTestId("threshold-line")).toHaveCount(1);
    await expect(cpu).toContainText(/Alert rule alert-openhands-[a-z0-9-]+-aks-cpu: Average > 85/);
    await expect(group(page, "PostgreSQL").locator('[data-chart="pg-cpu"]').getByTestId("threshold-line")).toHaveCount(1);
    await expect(group(page, "Redis").locator('[data-chart="redis-memory"]').getByTestId("threshold-line")).toHaveCount(1);

    // A data table behind each chart, for exact values and screen readers.
    await cpu.getByText("Data table").click();
    await expect(cpu.getByRole("table")).toContainText("Time (UTC)");

    await expect(page.getByTestId("monitor-call-count")).toHaveText(/^\d+ Azure Monitor calls?, \d+ cached · \d+ ms/);
    // The same view again within the cache's TTL is answered (at least partly) from the cache.
    await page.reload();
    await expect(page.getByTestId("monitor-call-count")).toHaveText(/, [1-9]\d* cached/, { timeout: 30_000 });
  });

  test("switches the range (URL and grain follow), splits nodes by pool, applies a custom range", async ({ page }) => {
    await page.goto("/monitoring");
    const ranges = page.getByRole("navigation", { name: "Time range" });
    await ranges.getByRole("link", { name: "6 h", exact: true }).click();
    await expect(page).toHaveURL(/[?&]range=6h/);
    await expect(page.getByTestId("monitoring-grain")).toHaveText("Grain PT5M (5 minutes)");
    await ranges.getByRole("link", { name: "7 d", exact: true }).click();
    await expect(page).toHaveURL(/[?&]range=7d/);
    await expect(page.getByTestId("monitoring-grain")).toHaveText("Grain PT1H (1 hour)");
    await ranges.getByRole("link", { name: "24 h", exact: true }).click();
    await expect(page.getByTestId("monitoring-grain")).toHaveText("Grain PT15M (15 minutes)");

    await page.getByRole("navigation", { name: "Resource" }).getByRole("link", { name: "AKS cluster" }).click();
    await expect(page).toHaveURL(/[?&]resource=aks/);
    await expect(group(page, "PostgreSQL")).toHaveCount(0);
    await page.getByRole("navigation", { name: "Split AKS node metrics by" }).getByRole("link", { name: "Node pool" }).click();
    await expect(page).toHaveURL(/[?&]split=nodepool/);
    await expect(page).toHaveURL(/[?&]range=24h/); // the other choices stay
    const legend = page.getByRole("list", { name: "AKS cluster: Node CPU series" });
    // The pilot preset's three pools, one series each (sorted by name), plus the threshold entry.
    await expect(legend.getByRole("listitem").filter({ hasNotText: "Alert rule" })).toHaveText([/^platform/, /^sandbox/, /^system/], { timeout: 30_000 });
    await expect(group(page, "AKS cluster").locator('[data-chart="node-cpu"] [data-series]')).toHaveCount(3);

    const custom = page.getByRole("form", { name: "Custom range" });
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000);
    const from = new Date(to.getTime() - 2 * 86_400_000);
    await custom.getByLabel("From").fill(from.toISOString().slice(0, 16));
    await custom.getByLabel("To").fill(to.toISOString().slice(0, 16));
    await custom.getByRole("button", { name: "Apply custom range" }).click();
    await expect(page).toHaveURL(/[?&]range=custom&from=/);
    await expect(page.getByTestId("monitoring-grain")).toHaveText("Grain PT1H (1 hour)");
    await expect(page.getByTestId("monitoring-window")).toContainText(`${from.toISOString().slice(0, 16).replace("T", " ")} – ${to.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    await expect(group(page, "AKS cluster").getByRole("img").first()).toBeVisible({ timeout: 30_000 });
  });

  test("a bad value in the address is named, and the default is used", async ({ page }) => {
    await page.goto("/monitoring?range=2w&resource=postgres");
    await expect(page.getByRole("alert").filter({ hasText: 'Range "2w" is not one of 1h, 6h, 24h, 7d, custom — showing 1h.' })).toBeVisible(); // (Next's route announcer is an alert too)
    await expect(page.getByTestId("monitoring-grain")).toHaveText("Grain PT1M (1 minute)");
    await expect(group(page, "PostgreSQL").getByRole("img").first()).toBeVisible({ timeout: 30_000 });
  });
});
