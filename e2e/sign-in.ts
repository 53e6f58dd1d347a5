import { expect, type Page } from "@playwright/test";

/** Signs in through the console's button and the local Entra login page, as a person would. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Microsoft Entra ID" }).click();
  await page.waitForURL(/https:\/\/localhost:\d+\//);
  await page.getByRole("button", { name: new RegExp(`Sign in as ${username.replace(/[.@]/g, "\\$&")}`) }).click();
  await page.waitForURL((url) => url.protocol === "http:", { timeout: 30_000 }); // back on the console
  await expect(page.getByRole("button", { name: "Sign in with Microsoft Entra ID" })).toHaveCount(0, { timeout: 30_000 });
}
