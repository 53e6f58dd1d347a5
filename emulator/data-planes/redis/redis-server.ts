/**
 * One real `redis-server` behind one cache: its own loopback address, the non-TLS port only when
 * enableNonSslPort is on, the TLS port with a certificate from the local CA, the `default` user
 * with BOTH access keys as passwords (Azure accepts either), volatile-lru, and only the commands
 * of the Redis version ARM says (command-set.ts). No automatic persistence; a restart for an
 * update keeps the data (SAVE to the cache's folder, reloaded at start), as Azure keeps it. The
 * keys live in a config file only the owner may read, never on the command line (ps).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import type { RedisCacheInfo } from "../../arm/providers/redis";
import { issueServerCert, type LocalCa } from "../../tls/local-ca";
import { assertAddressFree, sleep, startEngine, type EngineProcess } from "../engine-process";
import { commandFilter, renameLines, type CommandFilter } from "./command-set";
import { localMaxMemoryBytes } from "./sizing";

/** The snapshot a restart for an update hands over to the next process (in the cache's folder). */
const HANDOVER_FILE = "handover.rdb";

export class CacheServer {
  private process: EngineProcess | undefined;
  private info: RedisCacheInfo | undefined;

  /** `binaryVersion`: the redis-server's own version ("7.0.15"), to filter what ARM's version lacks. */
  constructor(private readonly opts: { dir: string; binary: string; binaryVersion: string | null; ca: LocalCa; log: (line: string) => void }) {}

  running(): boolean {
    return this.process !== undefined;
  }

  current(): RedisCacheInfo | undefined {
    return this.info;
  }

  private filter(info: RedisCacheInfo): CommandFilter {
    return commandFilter(info.redisVersion, this.opts.binaryVersion);
  }

  private writeConfig(info: RedisCacheInfo): string {
    mkdirSync(this.opts.dir, { recursive: true, mode: 0o700 });
    const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(info.hostName);
    const cert = issueServerCert(this.opts.ca, isIp ? { ips: [info.hostName] } : { dns: [info.hostName] });
    const file = path.join(this.opts.dir, "redis.conf");
    const lines = [
      `bind ${info.hostName}`,
      `port ${info.enableNonSslPort ? info.port : 0}`,
      `tls-port ${info.sslPort}`,
      `tls-cert-file ${cert.certFile}`,
      `tls-key-file ${cert.keyFile}`,
      `tls-ca-cert-file ${this.opts.ca.caFile}`,
      "tls-auth-clients no",
      `tls-protocols "${info.minimumTlsVersion === "1.0" ? "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3" : info.minimumTlsVersion === "1.1" ? "TLSv1.1 TLSv1.2 TLSv1.3" : "TLSv1.2 TLSv1.3"}"`,
      `dir ${this.opts.dir}`,
      'save ""',
      "appendonly no",
      `dbfilename ${HANDOVER_FILE}`,
      `maxmemory ${localMaxMemoryBytes(info.sku)}`,
      "maxmemory-policy volatile-lru",
      "protected-mode no",
      "daemonize no",
      ...renameLines(this.filter(info)),
      `user default on resetpass ${passwords(info)} ~* &* +@all ${this.filter(info).aclDenials.join(" ")}`.trimEnd(),
    ];
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
    return file;
  }

  /** Start a fresh cache (no data), or with `keepData` the one the last SAVE handed over. */
  async start(info: RedisCacheInfo, opts: { keepData?: boolean } = {}): Promise<void> {
    if (this.process) await this.stop();
    if (!opts.keepData) rmSync(path.join(this.opts.dir, HANDOVER_FILE), { force: true });
    const ports = [info.sslPort, ...(info.enableNonSslPort ? [info.port] : [])];
    for (const port of ports) await assertAddressFree(info.hostName, port);
    const conf = this.writeConfig(info);
    const proc = startEngine(this.opts.binary, [conf], { deathSignal: "SIGTERM" });
    this.process = proc;
    this.info = info;
    void proc.exited.then((code) => {
      if (this.process === proc) {
        this.process = undefined;
        this.opts.log(`redis data plane: redis-server of ${info.name} exited (code ${String(code)})`);
      }
    });
    await this.waitUntilReady(proc, info);
    // Loaded: the snapshot holds cache data, so it does not stay on disk longer than needed.
    rmSync(path.join(this.opts.dir, HANDOVER_FILE), { force: true });
  }

  private async waitUntilReady(proc: EngineProcess, info: RedisCacheInfo): Promise<void> {
    let exited = false;
    void proc.exited.then(() => (exited = true));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (exited) {
        this.process = undefined;
        // redis-server echoes a bad config line, which could hold a key: never pass keys on.
        const output = [info.primaryKey, info.secondaryKey].reduce((text, k) => (k ? text.split(k).join("***") : text), proc.output());
        throw new Error(`redis-server for ${info.hostName} did not start: ${output}`);
      }
      try {
        const client = this.client(info);
        await client.ping();
        client.disconnect();
        return;
      } catch {
        await sleep(50);
      }
    }
    await this.stop();
    throw new Error(`redis-server for ${info.hostName} did not answer within 20 s`);
  }

  /** A client over TLS with the primary key (the data plane's own connection). */
  client(info: RedisCacheInfo = this.requireInfo()): Redis {
    const client = new Redis({
      host: info.hostName,
      port: info.sslPort,
      password: info.primaryKey,
      tls: { ca: readFileSync(this.opts.ca.caFile, "utf8") },
      lazyConnect: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectionName: "azure-data-plane",
    });
    // Failures surface as rejected commands; the event would only be logged as unhandled.
    client.on("error", () => undefined);
    return client;
  }

  private requireInfo(): RedisCacheInfo {
    if (!this.info) throw new Error("the cache is not running");
    return this.info;
  }

  /**
   * Apply new settings: keys in place (ACL), ports/TLS/SKU/version by a restart that keeps the
   * data (Azure keeps it across such updates). Only a Basic cache changing size starts empty:
   * Azure documents data loss there (one node, no replica to copy from).
   */
  async update(info: RedisCacheInfo): Promise<void> {
    const before = this.info;
    if (!before || !this.process) return this.start(info);
    const restart = before.enableNonSslPort !== info.enableNonSslPort || before.hostName !== info.hostName || before.minimumTlsVersion !== info.minimumTlsVersion || before.redisVersion !== info.redisVersion || JSON.stringify(before.sku) !== JSON.stringify(info.sku);
    if (restart) {
      const basicResize = before.sku?.name === "Basic" && info.sku?.name === "Basic" && before.sku.capacity !== info.sku.capacity;
      if (!basicResize) await this.saveForHandover(before);
      return this.start(info, { keepData: !basicResize });
    }
    if (before.primaryKey === info.primaryKey && before.secondaryKey === info.secondaryKey) return;
    const client = this.client(before);
    try {
      await client.call("ACL", "SETUSER", "default", "resetpass", ...passwords(info).split(" "));
    } finally {
      client.disconnect();
    }
    this.info = info;
    this.writeConfig(info);
  }

  /** SAVE the dataset to the handover file; the next start of this cache loads it. */
  private async saveForHandover(info: RedisCacheInfo): Promise<void> {
    const client = this.client(info);
    try {
      await client.call("SAVE");
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    const proc = this.process;
    this.process = undefined;
    await proc?.stop("SIGTERM", 5_000);
  }

  async remove(): Promise<void> {
    await this.stop();
    this.info = undefined;
    rmSync(this.opts.dir, { recursive: true, force: true });
  }
}

/** ACL password arguments (`>key`); base64 keys have no spaces. */
function passwords(info: RedisCacheInfo): string {
  return [info.primaryKey, info.secondaryKey].filter(Boolean).map((k) => `>${k}`).join(" ");
}
