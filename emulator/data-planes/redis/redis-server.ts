/**
 * One real `redis-server` behind one cache: its own loopback address, the non-TLS port only when
 * enableNonSslPort is on, the TLS port with a certificate from the local CA, the `default` user
 * with BOTH access keys as passwords (Azure accepts either), no persistence, volatile-lru. The
 * keys live in a config file only the owner may read, never on the command line (ps).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import type { RedisCacheInfo } from "../../arm/providers/redis";
import { issueServerCert, type LocalCa } from "../../tls/local-ca";
import { assertAddressFree, sleep, startEngine, type EngineProcess } from "../engine-process";
import { localMaxMemoryBytes } from "./sizing";

export class CacheServer {
  private process: EngineProcess | undefined;
  private info: RedisCacheInfo | undefined;

  constructor(private readonly opts: { dir: string; binary: string; ca: LocalCa; log: (line: string) => void }) {}

  running(): boolean {
    return this.process !== undefined;
  }

  current(): RedisCacheInfo | undefined {
    return this.info;
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
      `maxmemory ${localMaxMemoryBytes(info.sku)}`,
      "maxmemory-policy volatile-lru",
      "protected-mode no",
      "daemonize no",
      `user default on resetpass ${passwords(info)} ~* &* +@all`,
    ];
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
    return file;
  }

  async start(info: RedisCacheInfo): Promise<void> {
    if (this.process) await this.stop();
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

  /** Apply new settings: keys in place (ACL), ports/TLS/SKU by a restart (data is lost, as on a reboot). */
  async update(info: RedisCacheInfo): Promise<void> {
    const before = this.info;
    const restart = !before || !this.process || before.enableNonSslPort !== info.enableNonSslPort || before.hostName !== info.hostName || before.minimumTlsVersion !== info.minimumTlsVersion || JSON.stringify(before.sku) !== JSON.stringify(info.sku);
    if (restart) return this.start(info);
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
