/**
 * User goal: is the environment's database healthy, and if not, what is wrong — and stop a runaway
 * query. On the environment the setup wizard journey made (project "day-two"): every section shows
 * its verdict; a long query started on the environment's own PostgreSQL shows up, an operator
 * cancels it through the confirmation dialog, it is gone and audited; a reader gets no buttons and
 * the server refuses the reader (and the operator's terminate) anyway.
 *
 * The long query reaches the environment's database the way the console does: host and admin
 * login from ARM (as the stack's automation principal), the password derived from the stack's
 * SECRETS_KEY (`<dataDir>/secrets-key`) and the environment id (console store), TLS verified
 * against the stack's CA.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { test, expect, type Page } from "./fixtures";
import { derivedSecret } from "../lib/operations/generated-secrets";
import { createPool } from "../lib/store/db";
import { armList, armToken, localStack } from "./local-azure";
import { environmentName } from "./environment";
import { authFile } from "./roles";
import { E2E } from "./stack";

const POSTGRES_API = "2025-08-01";
const VERDICT = /^(ok|warn|critical|unknown)$/;
const ITEMS = ["connections", "long-queries", "blocking", "cache", "wraparound", "dead-tuples", "sizes", "server", "top-queries"];

/** Host and admin login of the environment's flexible server, from ARM. */
async function postgresServer(env: string): Promise<{ host: string; login: string }> {
  const servers = await armList<{ properties: { fullyQualifiedDomainName?: string; administratorLogin?: string } }>(await armToken(), env, "Microsoft.DBforPostgreSQL/flexibleServers", POSTGRES_API);
  const server = servers[0]?.properties;
  expect(server?.fullyQualifiedDomainName).toBeTruthy();
  return { host: server?.fullyQualifiedDomainName ?? "", login: server?.administratorLogin ?? "" };
}

async function environmentId(env: string): Promise<string> {
  const store = createPool({ connectionString: localStack().stack.databaseUrl, max: 1 });
  try {
    const r = await store.query<{ id: string }>("SELECT id FROM environments WHERE name = $1", [env]);
    expect(r.rows[0]?.id).toBeTruthy();
    return r.rows[0]?.id ?? "";
  } finally {
    await store.end();
  }
}

interface LongQuery {
  pid: number;
  backendStart: string;
  /** Settles when the query ends: an Error when it was cancelled. */
  done: Promise<unknown>;
  client: pg.Client;
}

/** Starts `pg_sleep(600)` on the environment's openhands database as its admin login. */
async function startLongQuery(env: string, tag: string): Promise<LongQuery> {
  const { host, login } = await postgresServer(env);
  const key = Buffer.from(readFileSync(path.join(E2E.dataDir, "secrets-key"), "utf8").trim(), "base64");
  const client = new pg.Client({
    host, port: 5432, user: login, database: "openhands", application_name: `e2e-${tag}`,
    password: derivedSecret(key, await environmentId(env), "postgresAdminPassword"),
    ssl: { ca: localStack().ca, rejectUnauthorized: true },
  });
  client.on("error", () => undefined);
  await client.connect();
  const me = await client.query<{ pid: number; bs: string }>(
    `SELECT pid, to_char(backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bs FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
  );
  const done = client.query(`SELECT pg_sleep(600) /* ${tag} */`).then(() => "finished", (e: unknown) => e);
  return { pid: me.rows[0]?.pid ?? 0, backendStart: me.rows[0]?.bs ?? "", done, client };
}

/** Reloads /database until the long query is listed (it is listed from 5 s on). */
async function longQueryRow(page: Page, pid: number) {
  const row = page.locator(`section[data-item="long-queries"] tr[data-pid="${pid}"]`);
  await expect(async () => {
    await page.goto("/database");
    await expect(row).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000, 3_000] });
  return row;
}

test.describe("as operator", () => {
  test.use({ storageState: authFile("operator") });

  test("sees every section judged, cancels a long query after confirming, and finds it gone and audited", async ({ page }) => {
    test.setTimeout(180_000);
    const env = await environmentName(page);
    const q = await startLongQuery(env, "operator-cancel");
    try {
      await page.goto("/");
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Database", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Database" })).toBeVisible();
      await expect(page.locator("main")).toContainText(`environment ${env}`);
      await expect(page.getByRole("region", { name: "Database verdict" })).toHaveAttribute("data-verdict", VERDICT);
      for (const key of ITEMS) await expect(page.locator(`section[data-item="${key}"]`)).toHaveAttribute("data-verdict", VERDICT);
      await expect(page.locator('section[data-item="server"]')).toContainText("Primary");
      await expect(page.locator('section[data-item="connections"]')).toContainText(/\d+ of \d+ connections in use/);

      const row = await longQueryRow(page, q.pid);
      await expect(row).toContainText("pg_sleep(600)");
      await expect(row.getByRole("button", { name: "Terminate" })).toHaveCount(0); // Admin only
      // Keyboard only from the row button on (it is reached by focus, as Tab would, without
      // counting the Tab presses a long page needs): Enter opens, focus lands on the harmless
      // Close, Tab cycles inside the dialog, Escape closes and focus is back on the row button,
      // and the second time Tab + Enter confirms.
      const opener = row.getByRole("button", { name: `Cancel query ${q.pid}`, exact: true });
      await opener.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: `Cancel the running query of backend ${q.pid}?` });
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveAttribute("aria-modal", "true");
      await expect(dialog).toContainText(q.backendStart);
      const close = dialog.getByRole("button", { name: "Close" });
      const confirm = dialog.getByRole("button", { name: `Cancel query of ${q.pid}` });
      await expect(close).toBeFocused();
      await page.keyboard.press("Tab");
      await expect(confirm).toBeFocused();
      await page.keyboard.press("Tab");
      await expect(close).toBeFocused(); // trapped: not on to the page behind
      await page.keyboard.press("Shift+Tab");
      await expect(confirm).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();
      expect(await Promise.race([q.done, new Promise((r) => setTimeout(() => r("running"), 500))])).toBe("running");

      await page.keyboard.press("Enter");
      await expect(close).toBeFocused();
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");

      expect(String(await q.done)).toMatch(/canceling statement due to user request/);
      await expect(page.locator(`section[data-item="long-queries"] tr[data-pid="${q.pid}"]`)).toHaveCount(0, { timeout: 20_000 });

      await page.goto(`/audit?action=${encodeURIComponent("database.cancelQuery")}`);
      const audit = page.getByRole("table").locator("tbody tr").filter({ hasText: `database/${env}/backend/${q.pid}` });
      await expect(audit).toHaveCount(1);
      await expect(audit).toContainText("Oscar Operator");
      await expect(audit).toContainText("success");
      await expect(audit.getByRole("link", { name: `database/${env}/backend/${q.pid}` })).toHaveAttribute("href", `/database?env=${env}`);

      // The setup that made this environment reads by the environment's name, not a GUID, and
      // links to its operation page.
      await page.goto(`/audit?action=${encodeURIComponent("setup.provision")}`);
      const provision = page.getByRole("table").getByRole("link", { name: `setup operation of ${env}` }).first();
      await expect(provision).toHaveAttribute("href", /^\/operations\/[0-9a-f-]{36}$/);

      // Terminate is Admin only: the server refuses the operator even without the button.
      const q2 = await startLongQuery(env, "operator-terminate");
      try {
        const refused = await page.request.post("/database/terminate", { data: { env, pid: q2.pid, backendStart: q2.backendStart } });
        expect(refused.status()).toBe(403);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      } finally {
        await q2.client.end().catch(() => undefined);
      }
    } finally {
      await q.client.end().catch(() => undefined);
    }
  });
});

test.describe("as reader", () => {
  test.use({ storageState: authFile("reader") });

  test("sees the long query with no cancel or terminate buttons, and the server refuses a cancel", async ({ page }) => {
    test.setTimeout(150_000);
    const env = await environmentName(page);
    const q = await startLongQuery(env, "reader-refused");
    try {
      const row = await longQueryRow(page, q.pid);
      await expect(row).toContainText("pg_sleep(600)");
      await expect(page.locator("main").getByRole("button", { name: /Cancel query|Terminate/ })).toHaveCount(0);

      const refused = await page.request.post("/database/cancel", { data: { env, pid: q.pid, backendStart: q.backendStart } });
      expect(refused.status()).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
      await page.reload();
      await expect(page.locator(`section[data-item="long-queries"] tr[data-pid="${q.pid}"]`)).toBeVisible(); // still running
    } finally {
      await q.client.end().catch(() => undefined);
    }
  });
});
