/**
 * The objects the move applies are the Kustomize azure overlay's: `kubectl kustomize` (a pure
 * render, no cluster) renders deploy/kubernetes/overlays/azure, and consoleObjects() fed the
 * overlay's own example values must produce exactly the same objects — ConfigMap hash included.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { BASE_CONFIG, consoleConfigMap, consoleObjects, consoleSecret, kustomizeConfigMapHash } from "./manifests";

const OVERLAY = path.join(__dirname, "..", "..", "..", "deploy", "kubernetes", "overlays", "azure");

interface Rendered {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: { image?: string }[] } }; replicas?: number; rules?: { host?: string }[] };
}

async function renderAzureOverlay(): Promise<Rendered[]> {
  const { stdout } = await promisify(execFile)("kubectl", ["kustomize", OVERLAY], { timeout: 30_000 });
  return yaml.loadAll(stdout) as Rendered[];
}

const key = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;

describe("consoleObjects = kubectl kustomize deploy/kubernetes/overlays/azure", () => {
  it("renders the same kinds, names, labels, selectors, probes, security context, spread, volumes and values", async () => {
    const rendered = await renderAzureOverlay();
    const cm = rendered.find((o) => o.kind === "ConfigMap")!;
    const sa = rendered.find((o) => o.kind === "ServiceAccount")!;
    const dep = rendered.find((o) => o.kind === "Deployment")!;
    const ing = rendered.find((o) => o.kind === "Ingress")!;
    // The overlay's values, as the move would take them from the environment.
    const config = Object.fromEntries(Object.entries(cm.data!).filter(([k, v]) => BASE_CONFIG[k] !== v));
    const ours = consoleObjects({
      image: dep.spec!.template!.spec!.containers![0]!.image!,
      replicas: dep.spec!.replicas!,
      host: ing.spec!.rules![0]!.host!,
      clientId: sa.metadata.annotations!["azure.workload.identity/client-id"]!,
      tenantId: sa.metadata.annotations!["azure.workload.identity/tenant-id"]!,
      config,
    });
    expect(ours.map(key).sort()).toEqual(rendered.map(key).sort());
    // Same objects, field for field (JSON round trip: our builder's objects are plain data too).
    for (const r of rendered) expect(JSON.parse(JSON.stringify(ours.find((o) => key(o) === key(r)))), key(r)).toEqual(r);
  });

  it("computes Kustomize's ConfigMap name hash (a changed value renames the ConfigMap and so rolls the pods)", async () => {
    const rendered = await renderAzureOverlay();
    const cm = rendered.find((o) => o.kind === "ConfigMap")!;
    expect(cm.metadata.name).toBe(`openhands-console-config-${kustomizeConfigMapHash(cm.data!)}`);
    const changed = consoleConfigMap({ ...cm.data!, LOG_LEVEL: "debug" });
    expect(changed.metadata.name).not.toBe(cm.metadata.name);
    expect(changed.metadata.name).toMatch(/^openhands-console-config-[a-z0-9]{10}$/);
    // Characters Go's JSON escapes (a query string's &, < >) hash as Kustomize hashes them.
    const dir = mkdtempSync(path.join(os.tmpdir(), "console-cm-hash-"));
    try {
      const data = { AUTH_AUTHORITY: "https://login.example/t/v2.0?a=1&b=<2>", LOG_LEVEL: "info" };
      writeFileSync(path.join(dir, "kustomization.yaml"), yaml.dump({ configMapGenerator: [{ name: "openhands-console-config", literals: Object.entries(data).map(([k, v]) => `${k}=${v}`) }] }));
      const { stdout } = await promisify(execFile)("kubectl", ["kustomize", dir], { timeout: 30_000 });
      expect((yaml.load(stdout) as Rendered).metadata.name).toBe(consoleConfigMap(data).metadata.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the Secret's values out of everything but its base64 data", () => {
    const s = consoleSecret({ DATABASE_URL: "postgres://u:p@h:5432/console?sslmode=require", SECRETS_KEY: "a2V5" });
    expect(s.metadata).toEqual({ name: "openhands-console-secrets", namespace: "openhands-console", labels: { "app.kubernetes.io/name": "openhands-console", "app.kubernetes.io/part-of": "openhands-azure-console" } });
    expect(Buffer.from((s.data as Record<string, string>).DATABASE_URL!, "base64").toString()).toBe("postgres://u:p@h:5432/console?sslmode=require");
    expect(JSON.stringify(s)).not.toContain("u:p@h");
  });
});
