import { describe, expect, it } from "vitest";
import { infoSample, parseInfo, type InfoSample } from "./info";
import { InfoSampleMemory } from "./sample-memory";

const sample = (runId: string, at: number): InfoSample => infoSample(parseInfo(`# Server\r\nrun_id:${runId}\r\n`), at);

describe("InfoSampleMemory", () => {
  it("gives the previous sample of the same run once the window is long enough, and not after 10 min", () => {
    const m = new InfoSampleMemory();
    const first = sample("a", 0);
    m.remember(first);
    expect(m.previous(sample("a", 500), 1000)).toBeNull();
    expect(m.previous(sample("a", 1500), 1000)?.sample).toBe(first);
    expect(m.previous(sample("b", 1500), 1000)).toBeNull(); // restarted: counters reset
    expect(m.previous(sample("a", 11 * 60_000), 1000)).toBeNull();
  });

  it("counts the console's own lookups after the remembered sample only", () => {
    const m = new InfoSampleMemory();
    const s1 = sample("a", 0);
    m.remember(s1);
    m.addOwnLookups(s1, { hits: 10, misses: 1 });
    m.addOwnLookups(s1, { hits: 5, misses: 0 });
    expect(m.previous(sample("a", 2000), 1000)?.ownLookupsAfter).toEqual({ hits: 15, misses: 1 });
    const s2 = sample("a", 3000);
    m.remember(s2);
    m.addOwnLookups(s1, { hits: 99, misses: 99 }); // late: s1 is no longer the remembered one
    expect(m.previous(sample("a", 5000), 1000)?.ownLookupsAfter).toEqual({ hits: 0, misses: 0 });
  });
});
