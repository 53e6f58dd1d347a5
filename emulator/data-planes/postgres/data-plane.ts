/**
 * The PostgreSQL data plane of the local Azure: one engine per flexible server (a real cluster
 * of the major ARM says, or PGlite without binaries), driven by the ARM provider's hooks. ARM
 * asks `versions()` which majors can run and refuses the others. Work per server runs one step
 * at a time (a queue), so a delete never races a start. The administrator password is turned
 * into a SCRAM verifier at once; only the verifier is kept (meta.json, owner-only), as
 * PostgreSQL itself keeps it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { PostgresDataPlane, PostgresServerInfo } from "../../arm/providers/postgresql";
import { ensureLocalCa } from "../../tls/local-ca";
import type { NetworkSettings, ServerEngine } from "./engine";
import { findPostgresInstallations, type PostgresBinaries } from "./binaries";
import { NativeCluster } from "./native-cluster";
import { clusterUser, ensureTraversable } from "./os-user";
import { PGLITE_MAJOR, PgliteServer } from "./pglite-server";
import { scramVerifier } from "./scram";

const metaSchema = z.object({ id: z.string(), name: z.string(), administratorLogin: z.string(), verifier: z.string().optional(), major: z.string().optional() });
type Meta = z.infer<typeof metaSchema>;

interface Runtime {
  meta: Meta;
  dir: string;
  info: PostgresServerInfo;
  engine: ServerEngine;
  queue: Promise<unknown>;
  /** The SKU the engine was started with: a compute change restarts it, as Azure does. */
  startedSku?: string | undefined;
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
  const installations: Map<string, PostgresBinaries> = opts.forcePglite ? new Map() : findPostgresInstallations();
  const native = installations.size > 0;
  const user = native ? clusterUser() : undefined;
  // The postgres OS user must reach the binaries too (a checkout under /root is closed to others).
  for (const b of installations.values()) ensureTraversable(user, b.postgres);
  const ca = ensureLocalCa(opts.dataDir);
  const runtimes = new Map<string, Runtime>();
  const majors = native ? [...installations.keys()].sort((a, b) => Number(a) - Number(b)) : [PGLITE_MAJOR];
  if (native) opts.log(`postgres data plane: real PostgreSQL ${[...installations.values()].map((b) => `${b.major} (${b.source})`).join(", ")}${user ? "; clusters run as the postgres OS user" : ""}`);
  else opts.log(`postgres data plane: no PostgreSQL binaries found; flexible servers are served by PGlite (PostgreSQL ${PGLITE_MAJOR} only, no TLS, any password accepted, one database per server)`);

  /** The installation for a server's major; the one it was created with when ARM no longer says (a delete). */
  const binariesFor = (version: string, stored: string | undefined): PostgresBinaries => {
    const major = stored ?? version;
    const found = installations.get(major) ?? (major ? undefined : installations.values().next().value);
    if (!found) throw new Error(`PostgreSQL ${major} cannot run here (available: ${majors.join(", ")})`);
    return found;
  };

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
    const engine: ServerEngine = native
      ? new NativeCluster({ dir, host: info.host, binaries: binariesFor(info.version, meta.major), user, ca, log: opts.log })
      : new PgliteServer({ dir, host: info.host, log: opts.log });
    if (info.version && info.version !== engine.major) {
      // ARM's major changed (PATCH version): the in-place major upgrade is not simulated yet.
      opts.log(`postgres data plane: ${info.name} runs PostgreSQL ${engine.major}; ARM says ${info.version} (major upgrades of the engine are not simulated)`);
    }
    meta.major = engine.major;
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
    await rt.engine.start(networkOf(rt.info), rt.info.parameters ?? {});
    if (!wasRunning) {
      rt.startedSku = rt.info.skuName;
      await rt.engine.setAdministrator(rt.meta.administratorLogin, rt.meta.verifier);
      if (!rt.meta.verifier) opts.log(`postgres data plane: server ${rt.meta.name} has no administrator password here (created before the data plane ran); set one through ARM (PATCH administratorLoginPassword)`);
      opts.log(`postgres data plane: ${rt.meta.name} is up on ${rt.info.host}:5432 (${rt.engine.kind} ${rt.engine.major})`);
    }
  };

  const hook: PostgresDataPlane = {
    credentialsSet(info, password) {
      const rt = runtimeFor(info);
      rt.meta = { ...rt.meta, administratorLogin: info.administratorLogin, verifier: scramVerifier(password) };
      writeMeta(rt);
      // A new server starts provisioning now, so the create LRO mostly waits for its own duration.
      void enqueue(rt, async () => {
        if (!rt.engine.running() && !rt.engine.initialised() && rt.engine.kind === "postgresql") await ensureRunning(rt);
        else if (rt.engine.running()) await rt.engine.setAdministrator(rt.meta.administratorLogin, rt.meta.verifier);
      }).catch((err: unknown) => opts.log(`postgres data plane: provisioning ${info.name} failed: ${String(err instanceof Error ? err.message : err)}`));
    },
    versions: () => majors,
    serverReady(info) {
      const rt = runtimeFor(info);
      return enqueue(rt, async () => {
        // A compute change (SKU) restarts the server on Azure; its SKU-dependent defaults apply then.
        if (rt.engine.running() && rt.startedSku !== undefined && info.skuName !== undefined && rt.startedSku !== info.skuName) await rt.engine.stop();
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
        // Empty, as on Azure: OpenHands' own migrations create its tables (the simulation does).
        await rt.engine.createDatabase(db.name, db.charset, db.collation, rt.meta.administratorLogin);
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
        if (!rt.engine.running()) return; // written with the info at the next start
        if (name === "require_secure_transport") return rt.engine.applyNetwork(networkOf(rt.info));
        const ignored = await rt.engine.applyParameters(rt.info.parameters ?? {});
        if (ignored.includes(name)) opts.log(`postgres data plane: parameter ${name} has no local effect`);
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
    engineKind: native ? "postgresql" : "pglite",
    running: () => [...runtimes.values()].filter((rt) => rt.engine.running()).map((rt) => ({ info: rt.info, engine: rt.engine })),
    down: () => [...runtimes.values()].filter((rt) => !rt.engine.running()).map((rt) => rt.info),
    async close() {
      await Promise.all([...runtimes.values()].map((rt) => enqueue(rt, () => rt.engine.stop()).catch(() => undefined)));
    },
  };
}
