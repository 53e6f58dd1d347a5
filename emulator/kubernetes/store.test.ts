import { describe, expect, it } from "vitest";
import { ObjectStore } from "./store";
import { typeOf } from "./resources";
import type { KubeObject } from "./types";

const CM = typeOf("ConfigMap");
const cm = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "", labels }, data: { a: "1" } });

describe("object store", () => {
  it("assigns uid, creationTimestamp and increasing resourceVersions; rejects duplicates and stale updates", () => {
    const s = new ObjectStore(() => Date.parse("2026-11-26T10:00:00Z"));
    const a = s.create(CM, cm("a"));
    const b = s.create(CM, cm("b"));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe("2026-11-26T10:00:00Z");
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(() => s.create(CM, cm("a"))).toThrow(/already exists/);
    const updated = s.update(CM, { ...a, data: { a: "2" } }, { checkVersion: true });
    expect(() => s.update(CM, { ...a, data: { a: "3" } }, { checkVersion: true })).toThrow(/the object has been modified/);
    expect(s.update(CM, updated)).toBe(updated); // no change → no new version
  });

  it("replays changes after a resourceVersion, translates selector transitions, and answers 410 when compacted", () => {
    const s = new ObjectStore(() => 0, 3);
    const a = s.create(CM, cm("a", { app: "x" }));
    const rv = Number(a.metadata.resourceVersion);
    s.mutate(CM, "default", "a", (d) => (d.metadata.labels = { app: "y" }));
    s.create(CM, cm("b", { app: "x" }));
    const seen: string[] = [];
    const stop = s.watch(CM, { filter: (o) => o.metadata.labels?.app === "x", sinceRv: rv }, (t, o) => seen.push(`${t} ${o.metadata.name}`));
    s.delete(CM, "default", "b");
    stop();
    s.create(CM, cm("c", { app: "x" }));
    expect(seen).toEqual(["DELETED a", "ADDED b", "DELETED b"]);
    expect(() => s.watch(CM, { filter: () => true, sinceRv: 1 }, () => undefined)).toThrow(/too old resource version/);
  });
});
