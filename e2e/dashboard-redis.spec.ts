/**
 * User goal: is the environment's Redis healthy, and if not, what is wrong? An admin and a reader
 * open the Redis page of the environment the setup wizard journey made (project "day-two") and see
 * the overall verdict, each section with its verdict, checks read from the real cache (INFO), and
 * OpenHands' conversation keys (`ohcnv`) in the SCAN sample — never the cache's access keys.
 */
import { test, expect } from "./fixtures";
import { armList, armRequest, armToken, resourceGroupPath } from "./local-azure";
import { environmentName } from "./environment";
import { authFile } from "./roles";

const REDIS_API = "2024-11-01";
const VERDICT = /^(ok|warn|critical|unknown)$/;

/** The access keys of the environment's cache, read through ARM as the stack's automation principal. */
async function cacheKeys(env: string): Promise<string[]> {
  const token = await armToken();
  const name = (await armList<{ name: string }>(token, env, "Microsoft.Cache/redis", REDIS_API))[0]?.name ?? "";
  expect(name).not.toBe("");
  const keys = await armRequest(token, "POST", `${resourceGroupPath(env)}/providers/Microsoft.Cache/redis/${name}/listKeys`, REDIS_API, "");
  expect(keys.status).toBe(200);
  const { primaryKey, secondaryKey } = keys.body as { primaryKey: string; secondaryKey: string };
  return [primaryKey, secondaryKey].filter(Boolean);
}

for (const role of ["admin", "reader"] as const) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: authFile(role) });

    test("sees the Redis verdict, each section's verdict and OpenHands' ohcnv keys; read-only, no access keys", async ({ page }) => {
      test.setTimeout(180_000);
      const env = await environmentName(page);

      await page.goto("/");
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Redis", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Redis" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Redis", exact: true })).toHaveAttribute("aria-current", "page");
      await expect(page.locator("main")).toContainText(`Environment ${env}`);

      // The report streams in under its own boundary: summary, then the three sections, each judged.
      const summary = page.getByRole("region", { name: "Summary" });
      await expect(summary).toContainText("Redis is", { timeout: 30_000 });
      await expect(summary.locator("[data-verdict]")).toHaveAttribute("data-verdict", VERDICT);
      await expect(summary).toContainText("non-TLS, as OpenHands connects");
      for (const section of ["Server checks", "Slow log", "Keyspace by prefix"]) {
        await expect(page.getByRole("region", { name: section })).toHaveAttribute("data-section-verdict", VERDICT);
      }

      // Checks come from the cache's real INFO: the local redis-server has a maxmemory (a share of the SKU).
      const checks = page.getByRole("region", { name: "Server checks" });
      for (const check of ["memory", "evictions", "hit-ratio", "clients", "ops", "replication", "uptime", "version"]) {
        await expect(checks.locator(`[data-check="${check}"] [data-verdict]`)).toHaveAttribute("data-verdict", VERDICT);
      }
      await expect(checks.locator('[data-check="memory"]')).toContainText("against maxmemory");
      await expect(checks.locator('[data-check="memory"] [data-verdict]')).toHaveAttribute("data-verdict", "ok");
      await expect(checks.locator('[data-check="version"]')).toContainText(/Redis \d+\.\d+/);
      await expect(checks.locator('[data-check="replication"]')).toContainText("role master");

      // The keyspace is a SCAN sample and says so; the simulated users' running conversations show as ohcnv.
      const keyspace = page.getByRole("region", { name: "Keyspace by prefix" });
      await expect(keyspace.getByTestId("keyspace-sample-note")).toContainText(/A sample: \d+ of \d+ keys scanned with SCAN/);
      await expect(async () => {
        await page.reload();
        const ohcnv = page.getByRole("region", { name: "Keyspace by prefix" }).locator('tr[data-prefix="ohcnv"]');
        await expect(ohcnv).toBeVisible({ timeout: 10_000 });
        await expect(ohcnv).toContainText("running conversations");
      }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });

      // Read-only page: nothing to click that changes the cache; the access keys never reach the browser.
      await expect(page.locator("main").getByRole("button")).toHaveCount(0);
      const html = await page.content();
      for (const key of await cacheKeys(env)) expect(html).not.toContain(key);
    });
  });
}

test.describe("as reader", () => {
  test.use({ storageState: authFile("reader") });

  test("the page refreshes itself: the check time moves on without a reload", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto("/redis");
    const checked = page.getByText(/^Checked at \d\d:\d\d:\d\d UTC · refreshes every 15 s/);
    await expect(checked).toBeVisible({ timeout: 30_000 });
    const checkedAt = async () => (await checked.textContent())?.slice(0, 19) ?? "";
    const first = await checkedAt();
    await expect.poll(checkedAt, { timeout: 45_000, intervals: [2_000] }).not.toBe(first);
  });
});
