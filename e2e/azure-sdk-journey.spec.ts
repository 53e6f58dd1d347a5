/**
 * User goal (of an automation engineer): drive the local Azure with nothing but the public
 * Azure SDKs and @azure/identity, exactly as against Azure — scripts/azure-sdk-journey.mjs
 * imports no project code. Runs against the e2e stack, including a restart of its local Azure.
 */
import { test, expect } from "./fixtures";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { E2E } from "./stack";

test("the Azure SDK journey passes against the running local Azure", async () => {
  test.setTimeout(300_000);
  const result = spawnSync(process.execPath, ["scripts/azure-sdk-journey.mjs"], {
    env: { ...process.env, LOCAL_STACK_DIR: E2E.dataDir, NODE_EXTRA_CA_CERTS: path.resolve(E2E.dataDir, "tls", "ca.pem") },
    encoding: "utf8",
    timeout: 280_000,
  });
  console.log(result.stdout);
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.stdout).toContain("ok    resume a serialized poller across a restart of the local Azure");
  expect(result.stdout).toContain("journey: all steps passed");
  expect(result.status).toBe(0);
});
