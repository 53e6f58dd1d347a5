/**
 * The PostgreSQL data plane of the local Azure: one engine per flexible server (a real cluster,
 * or PGlite without binaries), driven by the ARM provider's hooks. Work per server runs one step
 * at a time (a queue), so a delete never races a start. The administrator password is turned
 * into a SCRAM verifier at once; only the verifier is kept (meta.json, owner-only), as
 * PostgreSQL itself keeps it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { PostgresDataPlane, PostgresServerInfo } from "../../arm/providers/postgresql";
import { ensureLocalCa } from "../../tls/local-ca";
import type { NetworkSettings, ServerEngine } from "./engine";
import { findPostgresBinaries, type PostgresBinaries } from "./binaries";
import { NativeCluster } from "./native-cluster";
import { clusterUser } from "./os-user";
import { PgliteServer } from "./pglite-server";
import { scramVerifier } from "./scram";

const OPENHANDS_SCHEMA = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "openhands-schema.sql"), "utf8");
const metaSchema = z.object({ id: z.string(), name: z.string(), administratorLogin: z.string(), verifier: z.string().optional() });
type Meta = z.infer<typeof metaSchema>;

interface Runtime {
  meta: Meta;
  dir: string;
  info: PostgresServerInfo;
  engine: ServerEngine;
  queue: Promise<unknown>;
}

export interface PostgresDataPlaneOptions {
  dataDir: string;
  log: (line: string) => void;
  /** Serve every server with PGlite even when PostgreSQL binaries exist (tests of the fallback). */
  forcePglite?: boolean;
}

export interface RunningPostgresDataPlane {
  hook: PostgresDataPlane;
  /** Engines that are up, with their server info (for the metrics poller). */
  running(): { info: PostgresServerInfo; engine: ServerEngine }[];
  /** Servers this process knows whose engine is down (stopped through ARM, or exited). */
  down(): PostgresServerInfo[];
  engineKind: "postgresql" | "pglite";
  close(): Promise<void>;
}

function networkOf(info: PostgresServerInfo): NetworkSettings {
  const secure = (info.parameters?.require_secure_transport ?? "on").toLowerCase();
  return {
    requireSecureTransport: secure !== "off",
    privateAccess: info.privateAccess === true,
    publicNetworkAccess: info.publicNetworkAccess !== false,
    firewallRules: info.firewallRules ?? [],
  };
}

export function startPostgresDataPlane(opts: PostgresDataPlaneOptions): RunningPostgresDataPlane {
  const root = path.join(path.resolve(opts.dataDir), "data-planes", "postgres");
  mkdirSync(root, { recursive: true });
  const binaries: PostgresBinaries | undefined = opts.forcePglite ? undefined : findPostgresBinaries();
  const user = binaries ? clusterUser() : undefined;
  const ca = ensureLocalCa(opts.dataDir);
  const runtimes = new Map<string, Runtime>();
  if (binaries) opts.log(`postgres data plane: real PostgreSQL ${binaries.major} (${binaries.postgres})${user ? ", clusters run as the postgres OS user" : ""}`);
  else opts.log("postgres data plane: no PostgreSQL binaries found; flexible servers are served by PGlite (no TLS, any password accepted, one database per server)");

  const metaPath = (name: string) => path.join(root, ".meta", `${name}.json`);
  const storedMeta = (name: string): Meta | undefined => {
    try {
      return metaSchema.parse(JSON.parse(readFileSync(metaPath(name), "utf8")));
    } catch {
      return undefined;
    }
  };
  const writeMeta = (rt: Runtime) => {
    mkdirSync(path.join(root, ".meta"), { recursive: true, mode: 0o700 });
    writeFileSync(metaPath(rt.meta.name), JSON.stringify(rt.meta), { mode: 0o600 });
  };

  const key = (id: string) => id.toLowerCase();
  const runtimeFor = (info: PostgresServerInfo): Runtime => {
    const existing = runtimes.get(key(info.id));
    if (existing) {
      existing.info = { ...existing.info, ...info };
      return existing;
    }
    const dir = path.join(root, info.name);
    const meta = storedMeta(info.name) ?? { id: info.id, name: info.name, administratorLogin: info.administratorLogin };
    const engine: ServerEngine = binaries
      ? new NativeCluster({ dir, host: info.host, binaries, user, ca, log: opts.log })
      : new PgliteServer({ dir, host: info.host, log: opts.log });
    const rt: Runtime = { meta, dir, info, engine, queue: Promise.resolve() };
    runtimes.set(key(info.id), rt);
    return rt;
  };
  const known = (id: string): Runtime => {
    const rt = runtimes.get(key(id));
    if (!rt) throw new Error(`no engine is known for server ${id.split("/").pop() ?? id}`);
    return rt;
  };
  /** Steps of one server run in order; a failed step does not block the next. */
  const enqueue = (rt: Runtime, step: () => Promise<void>): Promise<void> => {
    const next = rt.queue.then(step, step);
    rt.queue = next.catch(() => undefined);
    return next;
  };
  const ensureRunning = async (rt: Runtime) => {
    const wasRunning = rt.engine.running();
    await rt.engine.start(networkOf(rt.info));
    if (!wasRunning) {
      await rt.engine.setAdministrator(rt.meta.administratorLogin, rt.meta.verifier);
      if (!rt.meta.verifier) opts.log(`postgres data plane: server ${rt.meta.name} has no administrator password here (created before the data plane ran); set one through ARM (PATCH administratorLoginPassword)`);
      opts.log(`postgres data plane: ${rt.meta.name} is up on ${rt.info.host}:5432 (${rt.engine.kind})`);
    }
  };

  const hook: PostgresDataPlane = {
    credentialsSet(info, password) {
      const rt = runtimeFor(info);
      rt.meta = { ...rt.meta, administratorLogin: info.administratorLogin, verifier: scramVerifier(password) };
      writeMeta(rt);
      // A new server starts provisioning now, so the create LRO mostly waits for its own duration.
      void enqueue(rt, async () => {
        if (!rt.engine.running() && !existsSync(path.join(rt.dir, "pgdata")) && rt.engine.kind === "postgresql") await ensureRunning(rt);
        else if (rt.engine.running()) await rt.engine.setAdministrator(rt.meta.administratorLogin, rt.meta.verifier);
      }).catch((err: unknown) => opts.log(`postgres data plane: provisioning ${info.name} failed: ${String(err instanceof Error ? err.message : err)}`));
    },
    serverReady(info) {
      const rt = runtimeFor(info);
      return enqueue(rt, async () => {
        await ensureRunning(rt);
        await rt.engine.applyNetwork(networkOf(rt.info));
      });
    },
    serverRestarted(info) {
      const rt = runtimeFor(info);
      return enqueue(rt, async () => {
        await rt.engine.stop();
        await ensureRunning(rt);
      });
    },
    serverStopped(info) {
      const rt = runtimeFor(info);
      return enqueue(rt, () => rt.engine.stop());
    },
    serverDeleted(serverId) {
      const rt = runtimes.get(key(serverId)) ?? adopt(serverId);
      if (!rt) return;
      return enqueue(rt, async () => {
        await rt.engine.remove();
        rmSync(metaPath(rt.meta.name), { force: true });
        runtimes.delete(key(serverId));
        opts.log(`postgres data plane: ${rt.meta.name} removed`);
      });
    },
    databaseCreated(serverId, db) {
      const rt = known(serverId);
      return enqueue(rt, async () => {
        if (!rt.engine.running()) throw new Error(`server ${rt.meta.name} is not running`);
        await rt.engine.createDatabase(db.name, db.charset, db.collation, rt.meta.administratorLogin);
        if (db.name === "openhands") await rt.engine.runSql(db.name, OPENHANDS_SCHEMA, rt.meta.administratorLogin);
      });
    },
    databaseDeleted(serverId, name) {
      const rt = known(serverId);
      return enqueue(rt, () => rt.engine.dropDatabase(name));
    },
    configurationChanged(serverId, name, value) {
      const rt = known(serverId);
      rt.info = { ...rt.info, parameters: { ...rt.info.parameters, [name]: value } };
      return enqueue(rt, async () => {
        if (!rt.engine.running()) return; // applied from postgresql.auto.conf / the info at the next start
        if (name === "require_secure_transport") return rt.engine.applyNetwork(networkOf(rt.info));
        const outcome = await rt.engine.setParameter(name, value);
        if (outcome === "ignored") opts.log(`postgres data plane: parameter ${name} has no local effect`);
      });
    },
    firewallRulesChanged(info) {
      const rt = runtimeFor(info);
      return enqueue(rt, async () => {
        if (rt.engine.running()) await rt.engine.applyNetwork(networkOf(rt.info));
      });
    },
  };

  /** A server never started since this process began (e.g. Stopped): find its folder by id. */
  function adopt(serverId: string): Runtime | undefined {
    const metaDir = path.join(root, ".meta");
    if (!existsSync(metaDir)) return undefined;
    for (const f of readdirSync(metaDir)) {
      const meta = storedMeta(f.replace(/\.json$/, ""));
      if (meta && key(meta.id) === key(serverId)) {
        return runtimeFor({ id: meta.id, name: meta.name, location: "", version: "", administratorLogin: meta.administratorLogin, host: "127.0.0.1" });
      }
    }
    return undefined;
  }

  return {
    hook,
    engineKind: binaries ? "postgresql" : "pglite",
    running: () => [...runtimes.values()].filter((rt) => rt.engine.running()).map((rt) => ({ info: rt.info, engine: rt.engine })),
    down: () => [...runtimes.values()].filter((rt) => !rt.engine.running()).map((rt) => rt.info),
    async close() {
      await Promise.all([...runtimes.values()].map((rt) => enqueue(rt, () => rt.engine.stop()).catch(() => undefined)));
    },
  };
}
