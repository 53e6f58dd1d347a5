/**
 * First-load JavaScript per page, measured from a running production console (`npm start`, or
 * `--url`): a fresh Chromium profile loads each page and every script response is counted, raw
 * (bytes after decoding) and gzip (the same bytes through gzip -6, so the number does not depend
 * on whether a proxy in front compresses). The sign-in page is loaded signed out; the others are
 * loaded after signing in through the local Entra as the admin. Scripts loaded later (after a
 * click, a timer) are not first load and are not counted.
 *
 *   npm start   # in another terminal
 *   npm run bench -- first-load [--url http://localhost:3000]
 */
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "@playwright/test";

const args = process.argv.slice(2);
const urlArg = args.indexOf("--url");
const BASE = urlArg >= 0 ? args[urlArg + 1]! : "http://localhost:3000";
const SIGNED_IN_PAGES = ["/", "/monitoring", "/setup", "/database", "/sandboxes", "/audit", "/settings"];

interface Load {
  page: string;
  scripts: number;
  raw: number;
  gzip: number;
}

/** Loads `path` and sums the scripts that arrived until the network went idle. */
async function measure(page: Page, path: string, label: string): Promise<Load> {
  const bodies: Promise<Buffer | undefined>[] = [];
  const onResponse = (res: import("@playwright/test").Response) => {
    if (res.request().resourceType() === "script") bodies.push(res.body().catch(() => undefined));
  };
  page.on("response", onResponse);
  await page.goto(new URL(path, BASE).toString(), { waitUntil: "networkidle" });
  page.off("response", onResponse);
  const got = (await Promise.all(bodies)).filter((b): b is Buffer => b !== undefined);
  return { page: label, scripts: got.length, raw: got.reduce((n, b) => n + b.length, 0), gzip: got.reduce((n, b) => n + gzipSync(b, { level: 6 }).length, 0) };
}

async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto(BASE);
  await page.getByRole("button", { name: "Sign in with Microsoft Entra ID" }).click();
  await page.waitForURL(/^https:\/\//);
  await page.getByRole("button", { name: /Sign in as admin@contoso\.test/ }).click();
  await page.waitForURL((url) => url.origin === new URL(BASE).origin, { timeout: 60_000 });
  await page.getByRole("button", { name: "Sign out" }).first().waitFor({ timeout: 60_000 });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`.padStart(10);

async function main(): Promise<void> {
  const health = await fetch(new URL("/api/health", BASE)).catch(() => undefined);
  if (!health) {
    // `npm run bench` runs every bench; this one needs a running console and says so instead of failing the rest.
    console.log(`SKIPPED: no console answers at ${BASE}. Start it with \`npm start\` (or pass --url) and run \`npm run bench -- first-load\`.`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const loads: Load[] = [];
    // Each measured load starts with an empty HTTP cache: a new page in a context whose cache is
    // bypassed by the fresh profile's first visit would hide shared chunks on the later pages.
    const fresh = async () => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      return page;
    };
    const signedOut = await fresh();
    loads.push(await measure(signedOut, "/", "sign-in (signed out)"));
    await signedOut.close();

    const signer = await context.newPage();
    await signInAsAdmin(signer);
    await signer.close();
    for (const path of SIGNED_IN_PAGES) {
      const page = await fresh();
      loads.push(await measure(page, path, path === "/" ? "/ (Overview)" : path));
      await page.close();
    }
    console.log(`first-load JavaScript at ${BASE} (gzip -6 of each script)`);
    console.log(`${"page".padEnd(24)}${"scripts".padStart(8)}${"raw".padStart(10)}${"gzip".padStart(10)}`);
    for (const l of loads) console.log(`${l.page.padEnd(24)}${String(l.scripts).padStart(8)}${kb(l.raw)}${kb(l.gzip)}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
