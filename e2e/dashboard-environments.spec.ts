/**
 * User goal: with more than one environment (prod and an older staging), switch between them from
 * the top bar and keep looking at the same one while moving between the day-two sections.
 * Runs after the setup wizard journey; a second, older environment is added to the console store
 * (its Azure resources do not exist) and removed again at the end, so the newest stays the default.
 */
import { test, expect } from "./fixtures";
import { readLocalStackFile } from "../emulator/local-stack-file";
import { createPool } from "../lib/store/db";
import { createEnvironment } from "../lib/store/environments";
import { environmentName } from "./environment";
import { authFile } from "./roles";
import { E2E } from "./stack";

const OLDER = `older${Date.now() % 1_000_000}`;
const pool = () => createPool({ connectionString: readLocalStackFile(E2E.dataDir).databaseUrl, max: 1 });

test.use({ storageState: authFile("reader") });

test.beforeAll(async () => {
  const db = pool();
  try {
    const env = await createEnvironment(db, { name: OLDER, subscriptionId: "00000000-0000-0000-0000-000000000000", region: "westeurope", resourceGroup: `rg-openhands-${OLDER}`, status: "ready", createdBy: "e2e-seeder" });
    await db.query("UPDATE environments SET created_at = now() - interval '30 days' WHERE id = $1", [env.id]);
  } finally {
    await db.end();
  }
});

test.afterAll(async () => {
  const db = pool();
  try {
    await db.query("DELETE FROM environments WHERE name = $1", [OLDER]);
  } finally {
    await db.end();
  }
});

test("the picker switches the environment and the side navigation keeps it", async ({ page }) => {
  const newest = await environmentName(page);
  await page.goto("/monitoring");
  const picker = page.getByRole("combobox", { name: "Environment" });
  // No ?env=: the newest environment is shown and selected; both are offered.
  await expect(picker).toHaveValue(newest);
  await expect(picker.locator("option")).toHaveText([newest, OLDER]);

  await picker.selectOption(OLDER);
  await expect(page).toHaveURL(new RegExp(`/monitoring\\?env=${OLDER}$`));
  await expect(picker).toHaveValue(OLDER);
  const nav = page.getByRole("navigation", { name: "Console sections" });
  await expect(nav.getByRole("link", { name: "Database" })).toHaveAttribute("href", `/database?env=${OLDER}`);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveAttribute("href", "/audit");

  await nav.getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?env=${OLDER}$`));
  await expect(page.getByText(`Environment ${OLDER} (ready)`)).toBeVisible();
  await picker.selectOption(newest);
  await expect(page).toHaveURL(new RegExp(`/\\?env=${newest}$`));
  await expect(page.getByText(`Environment ${newest} (`)).toBeVisible();

  // From a console-wide section (no ?env=, the newest is shown), switching goes to that environment's overview.
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(picker).toHaveValue(newest);
  await picker.selectOption(OLDER);
  await expect(page).toHaveURL(new RegExp(`/\\?env=${OLDER}$`));
  await expect(page.getByText(`Environment ${OLDER} (ready)`)).toBeVisible();
});
