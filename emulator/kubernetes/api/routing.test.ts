import { describe, expect, it } from "vitest";
import { parseResourcePath } from "./server";
import { humanDuration, podStatusText, toTable } from "./table";
import { makePod } from "../test-fixtures";
import { openApiV3Doc, resourceList } from "./discovery";

describe("resource paths", () => {
  it("parses core, grouped, namespaced, cluster-scoped, subresource and legacy watch paths", () => {
    expect(parseResourcePath("/api/v1/namespaces/default/pods/web-1/log")?.target).toMatchObject({ type: { resource: "pods" }, namespace: "default", name: "web-1", sub: "log" });
    expect(parseResourcePath("/api/v1/namespaces/openhands")?.target).toMatchObject({ type: { resource: "namespaces" }, name: "openhands" });
    expect(parseResourcePath("/api/v1/namespaces")?.target.type.resource).toBe("namespaces");
    expect(parseResourcePath("/apis/apps/v1/namespaces/x/deployments/web/scale")?.target).toMatchObject({ type: { kind: "Deployment" }, namespace: "x", name: "web", sub: "scale" });
    expect(parseResourcePath("/api/v1/nodes/n1")?.target).toMatchObject({ type: { resource: "nodes" }, name: "n1" });
    expect(parseResourcePath("/api/v1/watch/namespaces/default/pods")).toMatchObject({ watchPrefix: true, target: { namespace: "default" } });
    expect(parseResourcePath("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods")?.target.type.virtual).toBe(true);
  });

  it("answers 404 for unknown resources and subresources", () => {
    expect(() => parseResourcePath("/api/v1/widgets")).toThrow(/could not find the requested resource/);
    expect(() => parseResourcePath("/apis/apps/v1/namespaces/x/deployments/web/exec")).toThrow(/could not find/);
    expect(() => parseResourcePath("/apis/batch/v1/jobs")).toThrow(/could not find/);
  });
});

describe("printing", () => {
  it("formats ages like kubectl", () => {
    expect([45e3, 150e3, 30 * 60e3, 5.5 * 3600e3, 30 * 3600e3, 3 * 86400e3 + 7200e3, 400 * 86400e3].map(humanDuration)).toEqual(["45s", "2m30s", "30m", "5h30m", "30h", "3d2h", "400d"]);
  });

  it("shows the container waiting reason, Terminating, or the phase as pod STATUS", () => {
    const pulling = makePod();
    pulling.status = { phase: "Pending", containerStatuses: [{ name: "c", image: "x", imageID: "", ready: false, started: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff" } } }] };
    expect(podStatusText(pulling)).toBe("ImagePullBackOff");
    const gone = makePod();
    gone.metadata.deletionTimestamp = "2026-11-26T10:00:00Z";
    expect(podStatusText(gone)).toBe("Terminating");
    expect(podStatusText(makePod())).toBe("Running");
  });

  it("builds a Table with metadata-only row objects by default", () => {
    const pod = makePod();
    pod.metadata.creationTimestamp = "2026-11-26T10:00:00Z";
    const t = toTable("Pod", [pod], { now: Date.parse("2026-11-26T10:01:00Z"), resourceVersion: "7", include: "Metadata" }) as { rows: { cells: unknown[]; object: { kind: string } }[] };
    expect(t.rows[0]?.cells.slice(0, 5)).toEqual(["p", "0/1", "Running", "0", "60s"]);
    expect(t.rows[0]?.object.kind).toBe("PartialObjectMetadata");
  });
});

describe("discovery", () => {
  it("lists subresources with their kinds and declares fieldValidation on PATCH", () => {
    const apps = resourceList("apps", "v1") as { resources: { name: string; kind: string; group?: string }[] };
    expect(apps.resources).toEqual(expect.arrayContaining([expect.objectContaining({ name: "deployments/scale", kind: "Scale", group: "autoscaling" })]));
    const doc = openApiV3Doc("apis/apps/v1") as { paths: Record<string, { patch?: { parameters: { name: string }[]; "x-kubernetes-group-version-kind": unknown } }> };
    const patch = doc.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?.patch;
    expect(patch?.["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", version: "v1", kind: "Deployment" });
    expect(patch?.parameters.map((p) => p.name)).toContain("fieldValidation");
  });
});
