/**
 * Pure roll-ups of classified sandboxes: counts by state, per node pool (requests and limits
 * against the pool's allocatable capacity) and per user (paused counts come from the database).
 */
import { UNSCHEDULED_POOL } from "./rules";
import type { PoolUsage, Sandbox, StateCounts, UserCounts } from "./types";

export interface NodeCapacity {
  name: string;
  pool: string;
  allocatableCpuMillis: number;
  allocatableMemoryBytes: number;
}

export function stateCounts(sandboxes: Sandbox[], paused: number): StateCounts {
  const c: StateCounts = { running: 0, pending: 0, paused, error: 0, terminating: 0, total: 0 };
  for (const s of sandboxes) c[s.state]++;
  c.total = c.running + c.pending + c.paused + c.error;
  return c;
}

/**
 * Every pool that has nodes or sandboxes. Requests and limits are summed over sandboxes that
 * hold resources on a node (not terminating, not finished); pending pods' requests show up in
 * the unscheduled bucket as demand the pools could not place.
 */
export function poolUsage(sandboxes: Sandbox[], nodes: NodeCapacity[]): PoolUsage[] {
  const pools = new Map<string, PoolUsage>();
  const get = (pool: string) => {
    let p = pools.get(pool);
    if (!p) {
      p = { pool, nodes: 0, running: 0, pending: 0, error: 0, cpuRequestMillis: 0, cpuLimitMillis: 0, memoryRequestBytes: 0, memoryLimitBytes: 0, allocatableCpuMillis: 0, allocatableMemoryBytes: 0 };
      pools.set(pool, p);
    }
    return p;
  };
  for (const n of nodes) {
    const p = get(n.pool);
    p.nodes++;
    p.allocatableCpuMillis += n.allocatableCpuMillis;
    p.allocatableMemoryBytes += n.allocatableMemoryBytes;
  }
  for (const s of sandboxes) {
    if (s.state === "terminating") continue;
    const p = get(s.pool);
    p[s.state]++;
    // A finished (Failed/Exited) pod no longer holds its requests on the node.
    if (s.state === "error" && (s.detail === "Failed" || s.detail === "Exited")) continue;
    p.cpuRequestMillis += s.cpuRequestMillis;
    p.cpuLimitMillis += s.cpuLimitMillis;
    p.memoryRequestBytes += s.memoryRequestBytes;
    p.memoryLimitBytes += s.memoryLimitBytes;
  }
  return [...pools.values()].sort((a, b) => (a.pool === UNSCHEDULED_POOL ? 1 : b.pool === UNSCHEDULED_POOL ? -1 : a.pool.localeCompare(b.pool)));
}

export function userCounts(sandboxes: Sandbox[], pausedByUser: Map<string, number>): UserCounts[] {
  const users = new Map<string, UserCounts>();
  const get = (userId: string) => {
    let u = users.get(userId);
    if (!u) users.set(userId, (u = { userId, running: 0, pending: 0, paused: 0, error: 0, total: 0 }));
    return u;
  };
  for (const s of sandboxes) {
    if (s.state === "terminating") continue;
    get(s.userId ?? "(no user label)")[s.state]++;
  }
  for (const [userId, n] of pausedByUser) get(userId).paused += n;
  for (const u of users.values()) u.total = u.running + u.pending + u.paused + u.error;
  return [...users.values()].sort((a, b) => b.total - a.total || a.userId.localeCompare(b.userId));
}

/** Share of allocatable used, 0–1 (null when the pool has no capacity, e.g. unscheduled). */
export function share(used: number, allocatable: number): number | null {
  return allocatable > 0 ? used / allocatable : null;
}
