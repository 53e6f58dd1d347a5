import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { E2E } from "./e2e/stack";

/**
 * End-to-end journeys against the whole local stack (launcher with its own ports and data dir),
 * in Debian's Chromium when present. `auth.setup.ts` signs in once per role through the real
 * local Entra login page and stores each login state under e2e/.auth/.
 */
const baseURL = `http://localhost:${E2E.consolePort}`;
/** Journeys that need the environment the setup wizard journey provisions. */
const DAY_TWO = /(dashboard-.*|setup-fault)\.spec\.ts/;
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json"]],
  use: {
    baseURL,
    ignoreHTTPSErrors: true, // the local Entra's certificate comes from the stack's own CA
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  // Order matters: the first-run journeys (empty states) come before the setup wizard provisions
  // an environment, and the day-two pages and the fault journey need that environment.
  projects: [
    // The container image's contents (no browser, no sign-in): the standalone output of the build.
    { name: "image", testMatch: /standalone-image\.spec\.ts/ },
    // Three standalone consoles on one PostgreSQL behind a round-robin proxy; one is SIGKILLed mid-setup.
    { name: "replicas", testMatch: /replicas\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
    { name: "auth", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    { name: "chromium", dependencies: ["auth"], testIgnore: [/auth\.setup\.ts/, /setup-wizard\.spec\.ts/, /standalone-image\.spec\.ts/, /replicas\.spec\.ts/, DAY_TWO], use: { ...devices["Desktop Chrome"] } },
    { name: "setup", dependencies: ["chromium"], testMatch: /setup-wizard\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
    { name: "day-two", dependencies: ["setup"], testMatch: DAY_TWO, use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: `rm -rf ${E2E.dataDir} && node_modules/.bin/tsx scripts/local-stack.ts`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: {
      LOCAL_STACK_DIR: E2E.dataDir,
      CONSOLE_PORT: String(E2E.consolePort),
      ENTRA_PORT: String(E2E.entraPort),
      ARM_PORT: String(E2E.armPort),
      PGLITE_PORT: String(E2E.pglitePort),
      INGRESS_PORT: String(E2E.ingressPort),
      LOOPBACK_OCTET: String(E2E.loopbackOctet),
      // The replicas journey signs in through its proxy: a second address of the console's SPA registration.
      CONSOLE_EXTRA_URLS: `http://localhost:${E2E.replicasProxyPort}`,
      LOCAL_AZURE_TIME_SCALE: "0.02",
      // The stored per-role logins (auth.setup.ts) must outlive the whole run, setup wizard
      // included, though a role may sit unused for longer than the 30-minute default idle timeout.
      SESSION_IDLE_MINUTES: "720",
      SKIP_BUILD: process.env.E2E_BUILD === "1" ? "0" : "1",
    },
  },
});
