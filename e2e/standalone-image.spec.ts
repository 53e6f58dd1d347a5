/**
 * What the container image holds and does, without a container runtime: the standalone output of
 * the one `next build` that `npm test` runs is copied into a clean folder exactly as the Dockerfile's
 * runtime stage copies it (.next/standalone → /app, .next/static → /app/.next/static), nothing is
 * installed, and `node server.js` (the image's CMD) runs there as uid 1000 with the folder owned by
 * root — a read-only root file system in effect: only the two emptyDir mounts of the manifests
 * (/tmp → TMPDIR, .next/cache) are writable. Against a fresh database on the machine's PostgreSQL
 * it must migrate the store, answer /api/health 200 and serve the sign-in page; no devDependency
 * may be in the folder. No browser needed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";

const ROOT = process.cwd();
const PORT = 3199;
const APP_UID = 1000; // the Dockerfile's USER
const DEV_ONLY = ["oidc-provider", "pg16", "pg17", "pg18", "@electric-sql/pglite", "@electric-sql/pglite-socket", "tsx", "vitest", "@playwright/test", "playwright", "playwright-core", "typescript", "eslint", "jsdom", "tailwindcss"];
const database = `console_image_${process.pid}`;

/** Every package folder under a node_modules tree (scoped ones as @scope/name), nested ones included. */
function packages(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      out.push(...packages(full, `${prefix}${entry.name}/`));
      continue;
    }
    out.push(`${prefix}${entry.name}`, ...packages(path.join(full, "node_modules"), `${prefix}${entry.name}/node_modules/`));
  }
  return out;
}

/** Path → size and mtime of every file, to prove the server wrote nothing outside its mounts. */
function snapshot(dir: string, skip: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (skip.includes(full)) continue;
      if (entry.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        out.set(path.relative(dir, full), `${s.size}/${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

function diskBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) total += statSync(full).size;
    }
  };
  walk(dir);
  return total;
}

async function admin<T>(work: (c: pg.Client) => Promise<T>, db = "test"): Promise<T> {
  const c = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: db });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

test.describe("the container image's contents (standalone output)", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "console-image-"));
  const app = path.join(work, "app");
  const tmp = path.join(work, "tmp");
  const cache = path.join(app, ".next", "cache");
  let server: ChildProcess | undefined;
  let output = "";

  test.beforeAll(async () => {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database}`);
      await c.query(`CREATE DATABASE ${database}`);
    });
  });

  test.afterAll(async () => {
    server?.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  test("runs from a clean folder with only production dependencies, against a real PostgreSQL store", async () => {
    const testInfo = test.info();
    test.setTimeout(120_000);
    const standalone = path.join(ROOT, ".next", "standalone");
    expect(existsSync(path.join(standalone, "server.js")), "run `next build` first (npm test does): .next/standalone/server.js").toBe(true);

    // The Dockerfile's runtime stage: COPY .next/standalone ./ and COPY .next/static ./.next/static, root-owned.
    cpSync(standalone, app, { recursive: true, verbatimSymlinks: true });
    cpSync(path.join(ROOT, ".next", "static"), path.join(app, ".next", "static"), { recursive: true });
    chmodSync(work, 0o755);
    // The two writable mounts of deploy/kubernetes/base (emptyDir /tmp and /app/.next/cache).
    for (const d of [tmp, cache]) {
      mkdirSync(d, { recursive: true });
      chownSync(d, APP_UID, APP_UID);
    }

    // Only production packages: none of the devDependencies, and every package is non-dev in the lock.
    const installed = packages(path.join(app, "node_modules"));
    for (const dev of DEV_ONLY) expect(installed.filter((p) => p === dev || p.endsWith(`/node_modules/${dev}`)), dev).toEqual([]);
    const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    // `debug` (a production dependency of ioredis, agent-base…) requires supports-color inside a try/catch;
    // the tracer copies it (and its has-flag) because the build stage has the full install. A production
    // install lacks both and debug runs without colours. Route-level tracing excludes cannot reach the
    // instrumentation trace that pulls them in, so they are named here rather than silently allowed.
    const OPTIONAL_TRACED = ["supports-color", "has-flag"];
    const devInLock = installed.filter((p) => lock.packages[`node_modules/${p}`]?.dev === true && !OPTIONAL_TRACED.includes(p));
    expect(devInLock, "packages the lock marks dev-only").toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    // `dependencies` is what a production install (`npm ci --omit=dev`) brings: no local-stack or test tool.
    for (const dev of DEV_ONLY) expect(Object.keys(pkg.dependencies), `${dev} must be a devDependency`).not.toContain(dev);
    const topLevel = installed.filter((p) => !p.includes("/node_modules/"));
    const size = { app: diskBytes(app), nodeModules: diskBytes(path.join(app, "node_modules")) };
    const report = [
      `standalone folder: ${(size.app / 2 ** 20).toFixed(1)} MiB on disk (node_modules ${(size.nodeModules / 2 ** 20).toFixed(1)} MiB), ${installed.length} packages (${topLevel.length} top level)`,
      `direct dependencies traced: ${Object.keys(pkg.dependencies).filter((d) => topLevel.includes(d)).join(", ")}`,
      `direct dependencies bundled into .next by Turbopack (no package folder needed): ${Object.keys(pkg.dependencies).filter((d) => !topLevel.includes(d)).join(", ") || "none"}`,
    ].join("\n");
    console.log(report);
    await testInfo.attach("image-contents.txt", { body: `${report}\n\n${topLevel.join("\n")}\n`, contentType: "text/plain" });
    // No sources: no emulator, test or script folder, no TypeScript outside node_modules (a dynamic file
    // access the tracer cannot scope once pulled the whole project in).
    for (const dir of ["emulator", "e2e", "scripts", "bench", "deploy", "docs"]) expect(existsSync(path.join(app, dir)), `${dir}/ in the image`).toBe(false);
    expect(readdirSync(app, { recursive: true, encoding: "utf8" }).filter((f) => !f.startsWith("node_modules") && /\.tsx?$/.test(f))).toEqual([]);
    // The store's migrations are read from disk at start-up: they must be in the image.
    expect(readdirSync(path.join(app, "lib", "store", "migrations")).filter((f) => f.endsWith(".sql")).length).toBeGreaterThan(0);

    const before = snapshot(app, [cache]);
    // The image's CMD, as its USER, with only the configuration the manifests give (no inherited env).
    server = spawn(process.execPath, ["server.js"], {
      cwd: app,
      uid: APP_UID,
      gid: APP_UID,
      env: {
        PATH: "/usr/local/bin:/usr/bin:/bin",
        HOME: tmp,
        TMPDIR: tmp,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(PORT),
        HOSTNAME: "127.0.0.1",
        CONSOLE_URL: `http://127.0.0.1:${PORT}`,
        DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
        DATABASE_SSL: "false",
        AUTH_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        AUTH_AUTHORITY: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
        AUTH_SPA_CLIENT_ID: "5f0c3c1e-3d7a-4f4e-9d55-6c1b8f0e2a11",
        AUTH_API_AUDIENCE: "api://openhands-console",
        AUTH_API_SCOPE: "api://openhands-console/Console.Access",
        SECRETS_KEY: Buffer.alloc(32, 9).toString("base64"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    server.stderr?.on("data", (d: Buffer) => (output += d.toString()));

    const started = Date.now();
    let health: Response | undefined;
    while (Date.now() - started < 60_000 && server.exitCode === null) {
      health = await fetch(`http://127.0.0.1:${PORT}/api/health`).catch(() => undefined);
      if (health?.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(server.exitCode, `server exited early:\n${output}`).toBeNull();
    expect(health?.status, output).toBe(200);
    expect(await health!.json()).toEqual({ status: "ok", store: "ok" });
    console.log(`standalone server healthy ${Date.now() - started} ms after start`);

    const page = await fetch(`http://127.0.0.1:${PORT}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Sign in with your organisation");
    // A static chunk the page references is served from .next/static.
    const chunk = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(chunk).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${PORT}${chunk!}`)).status).toBe(200);

    // The store was migrated by the image itself.
    const tables = await admin((c) => c.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'"), database);
    expect(tables.rows[0].n).toBeGreaterThan(0);

    server.kill("SIGTERM");
    await new Promise((r) => server!.once("exit", r));
    // Nothing written outside the mounts, and no permission error on the way.
    expect(snapshot(app, [cache])).toEqual(before);
    expect(output).not.toMatch(/EACCES|EROFS|permission denied/i);
  });
});
