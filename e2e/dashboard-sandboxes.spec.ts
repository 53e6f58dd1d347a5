/**
 * User goal: which sandboxes run where, which are stuck or left behind and why, what do they cost —
 * and stop one that nobody uses. Runs on the environment the setup wizard journey made (project
 * "day-two"), where simulated users create sandboxes and conversation rows. The simulation's own
 * stuck/orphaned sandboxes appear at random times, so the journey makes a deterministic orphan:
 * a runtime pod for a conversation that does not exist, created through the cluster's Kubernetes
 * API with the kubeconfig ARM hands out (listClusterUserCredential) to the stack's automation principal.
 */
import { readFileSync } from "node:fs";
import * as k8s from "@kubernetes/client-node";
import { test, expect } from "./fixtures";
import { armList, armRequest, armToken, resourceGroupPath } from "./local-azure";
import { environmentName } from "./environment";
import { authFile } from "./roles";

const AKS_API = "2025-10-01";
const NS = "openhands-sandboxes";
const SESSION = `e2eorphan${Date.now().toString(36)}`;
const ORPHAN = `openhands-runtime-${SESSION}`;
const ORPHAN_USER = "e2e-orphan-user";

/** The environment's AKS API as AKS hands it out: ARM token (automation principal) → listClusterUserCredential. */
async function clusterApi(env: string): Promise<k8s.CoreV1Api> {
  const token = await armToken();
  const name = (await armList<{ name: string }>(token, env, "Microsoft.ContainerService/managedClusters", AKS_API))[0]?.name ?? "";
  const creds = await armRequest(token, "POST", `${resourceGroupPath(env)}/providers/Microsoft.ContainerService/managedClusters/${name}/listClusterUserCredential`, AKS_API, "");
  expect(creds.status).toBe(200);
  const kc = new k8s.KubeConfig();
  kc.loadFromString(Buffer.from((creds.body as { kubeconfigs: { value: string }[] }).kubeconfigs[0]!.value, "base64").toString("utf8"));
  return kc.makeApiClient(k8s.CoreV1Api);
}

async function podExists(api: k8s.CoreV1Api, name: string): Promise<boolean> {
  try {
    const pod = await api.readNamespacedPod({ name, namespace: NS });
    return !pod.metadata?.deletionTimestamp;
  } catch {
    return false;
  }
}

let api: k8s.CoreV1Api;

test.describe.serial("sandboxes", () => {
  test.describe("as reader", () => {
    test.use({ storageState: authFile("reader") });

    test("sees live counts, pools, users and usage, downloads the CSV, and has no stop button", async ({ page }) => {
      test.setTimeout(180_000);
      const env = await environmentName(page);
      api = await clusterApi(env);
      // The orphan: a runtime pod whose conversation does not exist (nothing will ever pause it).
      // The simulation creates the namespace with its first sandbox; make sure it exists either way.
      await api.createNamespace({ body: { metadata: { name: NS } } }).catch((err: { code?: number }) => {
        if (err.code !== 409) throw err;
      });
      await api.createNamespacedPod({
        namespace: NS,
        body: {
          metadata: { name: ORPHAN, labels: { app: "openhands-runtime", session: SESSION, "openhands.dev/user": ORPHAN_USER } },
          spec: {
            restartPolicy: "Never",
            tolerations: [{ key: "openhands.dev/sandbox", operator: "Equal", value: "true", effect: "NoSchedule" }],
            containers: [{ name: "agent-server", image: "ghcr.io/openhands/agent-server:1.41.0-python", resources: { requests: { cpu: "100m", memory: "256Mi" } } }],
          },
        },
      });

      await page.goto("/");
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Sandboxes", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Sandboxes" })).toBeVisible();
      await expect(page.locator("main")).toContainText(`Environment ${env}, namespace ${NS}`);

      // Live counts from the cluster; the simulated users keep sandboxes running.
      const tiles = page.getByRole("list", { name: "Sandboxes by state" });
      await expect(tiles).toBeVisible({ timeout: 30_000 });
      for (const state of ["running", "pending", "paused", "error", "total"]) await expect(tiles.locator(`[data-state="${state}"]`)).toContainText(/\d/);
      await expect(async () => {
        await page.reload();
        const running = Number((await page.getByRole("list", { name: "Sandboxes by state" }).locator('[data-state="running"] p').nth(1).textContent())?.replace(/,/g, ""));
        expect(running).toBeGreaterThan(0);
      }).toPass({ timeout: 90_000, intervals: [3_000] });

      // Pools with capacity; per-user counts; the pod list.
      const pools = page.getByRole("table", { name: "Sandboxes per node pool" });
      await expect(pools.locator("tbody tr").first()).toBeVisible();
      await expect(pools).toContainText(/ of .* \(\d+%\)/);
      await expect(page.getByRole("table", { name: "Sandboxes per user" }).locator("tbody tr").first()).toBeVisible();
      await expect(page.getByRole("table", { name: "Sandbox pods" })).toContainText("openhands-runtime-");

      // The orphan is flagged with why; the reader sees no stop button anywhere.
      const flagged = page.getByRole("table", { name: "Flagged sandboxes" });
      const row = flagged.locator(`tr[data-pod="${ORPHAN}"]`);
      await expect(async () => {
        await page.reload();
        await expect(page.getByRole("table", { name: "Flagged sandboxes" }).locator(`tr[data-pod="${ORPHAN}"]`)).toBeVisible({ timeout: 5_000 });
      }).toPass({ timeout: 60_000, intervals: [2_000] });
      await expect(row).toContainText("orphaned");
      await expect(row).toContainText(`No conversation ${SESSION} in the OpenHands database`);
      await expect(page.locator("main").getByRole("button", { name: /^Stop/ })).toHaveCount(0);
      await expect(page.getByText("Operators and admins can stop idle and orphaned sandboxes.")).toBeVisible();

      // Usage: the simulation back-filled a week of conversations.
      const usage = page.getByRole("region", { name: "Usage and cost" });
      await expect(usage.getByRole("table", { name: "Usage per user" }).locator("tbody tr").first()).toBeVisible({ timeout: 30_000 });
      await expect(usage.getByLabel("Usage totals")).toContainText("Cost");
      await usage.getByRole("link", { name: "Per model" }).click();
      await expect(page).toHaveURL(/group=model/);
      await expect(page.getByRole("table", { name: "Usage per model" })).toContainText("litellm_proxy/");

      // CSV of the same view (filters from the URL), quoted per RFC 4180.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^openhands-usage-${env}-model-\\d{4}-\\d{2}-\\d{2}-to-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const csv = readFileSync((await download.path())!, "utf8");
      const lines = csv.split("\r\n").filter(Boolean);
      expect(lines[0]).toBe("llm_model,conversations,users,accumulated_cost,prompt_tokens,completion_tokens,total_tokens,last_activity_at");
      expect(lines.length).toBeGreaterThan(1);
      expect(lines[1]).toMatch(/^litellm_proxy\/[^,]+,\d+,\d+,\d+\.\d{6},\d+,\d+,\d+,\d{4}-/);
    });
  });

  test.describe("as operator", () => {
    test.use({ storageState: authFile("operator") });

    test("stops the orphaned sandbox after confirming, and the pod goes away", async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto("/sandboxes");
      const row = page.getByRole("table", { name: "Flagged sandboxes" }).locator(`tr[data-pod="${ORPHAN}"]`);
      await expect(row).toBeVisible({ timeout: 30_000 });
      await row.getByRole("button", { name: `Stop ${ORPHAN}` }).click();

      // The dialog names the pod, its user, its age and why it is flagged; Cancel changes nothing.
      const dialog = page.getByRole("dialog", { name: "Stop sandbox?" });
      await expect(dialog).toContainText(ORPHAN);
      await expect(dialog).toContainText(ORPHAN_USER);
      await expect(dialog).toContainText("Age");
      await expect(dialog).toContainText(`No conversation ${SESSION}`);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toHaveCount(0);
      expect(await podExists(api, ORPHAN)).toBe(true);

      await row.getByRole("button", { name: `Stop ${ORPHAN}` }).click();
      await page.getByRole("dialog", { name: "Stop sandbox?" }).getByRole("button", { name: "Stop sandbox" }).click();
      // The page refreshes itself: a terminating pod is no longer flagged, so its row leaves the list.
      await expect(row).toHaveCount(0, { timeout: 30_000 });
      await expect.poll(() => podExists(api, ORPHAN), { timeout: 60_000, intervals: [1_000] }).toBe(false);

      // The stop is in the audit log with its target.
      await page.goto(`/audit?action=sandbox.stop`);
      await expect(page.locator("main")).toContainText(`sandbox/`);
      await expect(page.locator("main")).toContainText(ORPHAN);
    });
  });
});
