import { test as setup, expect } from "@playwright/test";
import { ROLES, authFile, type RoleKey } from "./roles";
import { signInAs } from "./sign-in";

for (const key of Object.keys(ROLES) as RoleKey[]) {
  const user = ROLES[key];
  setup(`sign in as ${key}`, async ({ page }) => {
    await signInAs(page, user.username);
    await expect(page.getByRole("banner")).toContainText(user.name);
    await expect(page.getByRole("banner")).toContainText(user.role);
    await page.context().storageState({ path: authFile(key) });
  });
}
