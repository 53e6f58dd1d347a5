/**
 * Cluster snapshots on disk, so simulated clusters survive a restart of the local Azure process.
 * Written atomically (temp file + rename); a file that does not parse is ignored (fresh cluster)
 * rather than crashing the emulator.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { AgentPoolSpec } from "./controllers/nodes";
import type { StoreSnapshot } from "./store";

const snapshotSchema = z.object({
  version: z.literal(1),
  kubernetesVersion: z.string(),
  pools: z.array(z.object({ name: z.string(), count: z.number().int().nonnegative(), vmSize: z.string() }).passthrough()),
  nextNodeIndex: z.record(z.string(), z.number()),
  store: z.object({ resourceVersion: z.number(), objects: z.array(z.object({ key: z.string(), object: z.object({ metadata: z.object({ name: z.string() }).passthrough() }).passthrough() })) }),
  podIpCounter: z.number(),
});

export interface ClusterSnapshot {
  version: 1;
  kubernetesVersion: string;
  pools: AgentPoolSpec[];
  nextNodeIndex: Record<string, number>;
  store: StoreSnapshot;
  podIpCounter: number;
}

export function writeSnapshot(file: string, data: ClusterSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Secrets live in the snapshot (as in etcd): owner-only permissions.
  writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function readSnapshot(file: string): ClusterSnapshot | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    console.error(`[kube] ignoring unreadable cluster snapshot ${file}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return undefined;
  }
  return parsed.data as unknown as ClusterSnapshot;
}
