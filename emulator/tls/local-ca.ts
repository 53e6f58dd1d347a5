/**
 * The local stack's certificate authority. Azure SDK bearer auth and MSAL both refuse plain
 * http, so every local endpoint (Entra, ARM, Kubernetes API servers) serves HTTPS with a
 * certificate issued by this CA. Node trusts it through NODE_EXTRA_CA_CERTS=<caFile>.
 *
 * The CA is created once under <dataDir>/tls and reused, so certificates and the browser's
 * trust survive restarts. Uses the openssl CLI (present on Debian and macOS).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

export interface LocalCa {
  dir: string;
  caFile: string;
  caKeyFile: string;
}

export interface ServerCert {
  certFile: string;
  keyFile: string;
  /** PEM strings, ready for https.createServer. */
  cert: string;
  key: string;
  ca: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * The CA lives in <dataDir>/tls, unless LOCAL_STACK_CA_DIR names a shared folder: the test
 * runner sets it so every component started by any test trusts one CA, which the test
 * processes were started with in NODE_EXTRA_CA_CERTS.
 */
export function ensureLocalCa(dataDir: string): LocalCa {
  const dir = path.resolve(process.env.LOCAL_STACK_CA_DIR ?? path.join(dataDir, "tls"));
  mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, "ca.pem");
  const caKeyFile = path.join(dir, "ca-key.pem");
  if (!existsSync(caFile) || !existsSync(caKeyFile)) {
    openssl(
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
        "-keyout", caKeyFile, "-out", caFile,
        "-subj", "/CN=OpenHands Azure Console local CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
      ],
      dir,
    );
  }
  return { dir, caFile, caKeyFile };
}

/**
 * A server certificate for the given DNS names and IPs, signed by the local CA. Issued once per
 * distinct name set and cached on disk.
 */
export function issueServerCert(ca: LocalCa, names: { dns?: string[]; ips?: string[] }): ServerCert {
  const dns = [...new Set(names.dns ?? [])].sort();
  const ips = [...new Set(names.ips ?? [])].sort();
  const id = createHash("sha256").update(JSON.stringify({ dns, ips })).digest("hex").slice(0, 16);
  const certFile = path.join(ca.dir, `server-${id}.pem`);
  const keyFile = path.join(ca.dir, `server-${id}-key.pem`);
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const csrFile = path.join(ca.dir, `server-${id}.csr`);
    const extFile = path.join(ca.dir, `server-${id}.ext`);
    const san = [...dns.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)].join(",");
    writeFileSync(
      extFile,
      `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
    );
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", csrFile, "-subj", `/CN=${dns[0] ?? ips[0] ?? "localhost"}`], ca.dir);
    openssl(
      ["x509", "-req", "-in", csrFile, "-CA", ca.caFile, "-CAkey", ca.caKeyFile, "-CAcreateserial", "-days", "825", "-sha256", "-out", certFile, "-extfile", extFile],
      ca.dir,
    );
  }
  return {
    certFile,
    keyFile,
    cert: readFileSync(certFile, "utf8"),
    key: readFileSync(keyFile, "utf8"),
    ca: readFileSync(ca.caFile, "utf8"),
  };
}

/** The certificate every loopback service uses unless it needs its own names. */
export function localhostCert(ca: LocalCa): ServerCert {
  return issueServerCert(ca, { dns: ["localhost"], ips: ["127.0.0.1", "::1"] });
}
