/**
 * The last INFO sample of each Redis server run this process has seen, so that a page refresh
 * judges evictions and hit ratio over the time since the previous refresh instead of sampling
 * twice. Keyed by `run_id`, which changes on every restart (counters restart from 0 with it).
 * Per console replica: another replica simply samples twice on its first look.
 *
 * It also counts the console's own key lookups made after the sample (the keyspace sample's PTTL
 * calls count as keyspace hits/misses in Redis), so the next window can take them out again.
 */
import type { InfoSample } from "./info";

export interface Lookups {
  hits: number;
  misses: number;
}

export interface RememberedSample {
  sample: InfoSample;
  /** Lookups the console made itself after the sample was taken. */
  ownLookupsAfter: Lookups;
}

/** An older sample says little about "now": beyond this the window is re-sampled. */
const MAX_AGE_MS = 10 * 60_000;
const MAX_SERVERS = 64;

export class InfoSampleMemory {
  private readonly byRun = new Map<string, RememberedSample>();

  /** The remembered sample of the same run, if it is at least `minWindowMs` and at most 10 min older. */
  previous(current: InfoSample, minWindowMs: number): RememberedSample | null {
    if (!current.runId) return null;
    const prev = this.byRun.get(current.runId);
    if (!prev) return null;
    const age = current.at - prev.sample.at;
    return age >= minWindowMs && age <= MAX_AGE_MS ? prev : null;
  }

  remember(sample: InfoSample): void {
    if (!sample.runId) return;
    this.byRun.delete(sample.runId);
    this.byRun.set(sample.runId, { sample, ownLookupsAfter: { hits: 0, misses: 0 } });
    // Oldest first in a Map: drop beyond the cap (servers that went away).
    while (this.byRun.size > MAX_SERVERS) this.byRun.delete(this.byRun.keys().next().value as string);
  }

  /** Lookups made by the console after `sample` (only if it is still the remembered one). */
  addOwnLookups(sample: InfoSample, lookups: Lookups): void {
    const entry = sample.runId ? this.byRun.get(sample.runId) : undefined;
    if (entry?.sample !== sample) return;
    entry.ownLookupsAfter = { hits: entry.ownLookupsAfter.hits + lookups.hits, misses: entry.ownLookupsAfter.misses + lookups.misses };
  }
}

export const sharedSampleMemory = new InfoSampleMemory();
