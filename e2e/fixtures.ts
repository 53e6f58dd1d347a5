/**
 * The journeys' `test` and `expect`: Playwright's, on pages that never show a locator React's
 * discarded streaming copies.
 *
 * React 19.2 reveals streamed Suspense content in batches: `$RC` queues (boundary, content) pairs
 * in `window.$RB` and moves `<div hidden id="S:n">` into place up to ~300 ms later. When hydration
 * renders such a boundary on the client first, the live content and the queued hidden copy sit in
 * the document together until the batch runs and drops the copy. A person sees one; a locator that
 * counts hidden elements (CSS, getByLabel, getByText, getByTestId) sees two and fails strict mode
 * (measured: about 1 document load in 12). So in every page of a journey, a queued copy whose
 * boundary is gone is dropped at once — what React's batch does anyway (its `$RV` skips a pair whose
 * content has no parent). Nothing else of the page is touched.
 */
import { test as base } from "@playwright/test";

export { expect, type Page } from "@playwright/test";

function dropDiscardedStreamingCopies(): void {
  const sweep = () => {
    const queued = (window as unknown as { $RB?: unknown[] }).$RB;
    if (!Array.isArray(queued)) return;
    for (let i = 0; i + 1 < queued.length; i += 2) {
      const boundary = queued[i] as Node | null;
      const content = queued[i + 1] as Element | null;
      if (boundary && content && !boundary.isConnected && content.isConnected) content.remove();
    }
  };
  new MutationObserver(sweep).observe(document, { childList: true, subtree: true });
}

export const test = base.extend({
  page: async ({ page }, provide) => {
    await page.addInitScript(dropDiscardedStreamingCopies);
    await provide(page);
  },
});
