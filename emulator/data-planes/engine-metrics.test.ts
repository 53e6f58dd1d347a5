import { describe, expect, it } from "vitest";
import { newSampleBuffer } from "../arm/providers/insights/metric-model";
import type { SeriesRef } from "../arm/providers/insights";
import { parseRedisInfo, totalKeys } from "./engine-metrics";
import { localMaxMemoryBytes, skuMemoryBytes } from "./redis/sizing";
import { SampledMetricSource } from "./sampled-metric-source";

describe("Redis INFO", () => {
  it("parses fields and sums keys over databases", () => {
    const info = parseRedisInfo("# Clients\r\nconnected_clients:4\r\n# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\ndb2:keys=5,expires=0,avg_ttl=0\r\n");
    expect(info.connected_clients).toBe("4");
    expect(totalKeys(info)).toBe(8);
  });
});

describe("SKU memory", () => {
  it("reports Azure's sizes and gives the local server a bounded share", () => {
    expect(skuMemoryBytes({ family: "C", capacity: 0 })).toBe(250 * 1024 ** 2);
    expect(skuMemoryBytes({ family: "P", capacity: 5 })).toBe(120 * 1024 ** 3);
    expect(localMaxMemoryBytes({ family: "C", capacity: 0 })).toBe(32 * 1024 ** 2);
    expect(localMaxMemoryBytes({ family: "P", capacity: 5 })).toBe(512 * 1024 ** 2);
  });
});

describe("SampledMetricSource", () => {
  const ref = (metric: string): SeriesRef => ({ resource: { id: "/x/Y" }, metric: { name: metric }, instance: { dimensions: {}, weight: 1 } }) as unknown as SeriesRef;
  it("keeps the real average/min/max of a minute's samples and sums counter deltas; never answers the current minute", () => {
    const source = new SampledMetricSource("test");
    source.gauge("/x/y", "active_connections", {}, 100, 2);
    source.gauge("/x/y", "active_connections", {}, 100, 6);
    source.counter("/x/y", "cachehits", {}, 100, 5);
    source.counter("/x/y", "cachehits", {}, 100, 7);
    source.gauge("/x/y", "active_connections", {}, 101, 9);
    const buffer = newSampleBuffer(99, 3);
    source.fill(ref("active_connections"), buffer, 100);
    expect([buffer.has[1], buffer.total[1]! / buffer.count[1]!, buffer.minimum[1], buffer.maximum[1]]).toEqual([1, 4, 2, 6]);
    expect(buffer.has[2]).toBe(0);
    const hits = newSampleBuffer(100, 1);
    source.fill(ref("cachehits"), hits, 100);
    expect(hits.total[0]).toBe(12);
  });
});
