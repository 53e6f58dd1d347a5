/**
 * The journeys' `test` and `expect`: Playwright's, with `page.goto` and `page.reload` that also
 * wait for the streamed page to settle. React 19.2 reveals streamed Suspense content in batches
 * (up to ~300 ms after it arrived); meanwhile a hidden `<div hidden id="S:n">` copy can sit in
 * the document beside the live content, and a locator that counts hidden elements (CSS,
 * getByLabel, getByText) sees two where a person sees one. Waiting until no such segment is left
 * makes the journeys read what is on screen.
 */
import { test as base, type Page } from "@playwright/test";

export { expect, type Page } from "@playwright/test";

async function settled(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.querySelector('div[hidden][id^="S:"]') === null, undefined, { timeout: 10_000 })
    // A segment React never consumes is its business; the assertions that follow still decide.
    .catch(() => undefined);
}

export const test = base.extend({
  page: async ({ page }, provide) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      await settled(page);
      return response;
    };
    const reload = page.reload.bind(page);
    page.reload = async (options) => {
      const response = await reload(options);
      await settled(page);
      return response;
    };
    await provide(page);
  },
});
