/**
 * Discovery documents (/version, /api, /apis, per group-version resource lists) and a minimal
 * OpenAPI v3: enough for kubectl to learn that PATCH supports `fieldValidation`, so
 * `kubectl apply --server-side` leaves validation to the server instead of needing full schemas.
 */
import { createHash } from "node:crypto";
import { apiVersionOf, groupVersions, RESOURCE_TYPES, type ResourceType } from "../resources";

export function versionInfo(kubernetesVersion: string): Record<string, string> {
  const [major = "1", minor = "0"] = kubernetesVersion.split(".");
  return {
    major,
    minor,
    gitVersion: `v${kubernetesVersion}`,
    gitCommit: createHash("sha1").update(kubernetesVersion).digest("hex"),
    gitTreeState: "clean",
    buildDate: "2026-10-01T00:00:00Z",
    goVersion: "go1.23.8",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

function storageHash(t: ResourceType): string {
  return createHash("sha256").update(`${apiVersionOf(t)}/${t.kind}`).digest("base64").slice(0, 11);
}

export function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
      ...(t.virtual ? {} : { storageVersionHash: storageHash(t) }),
    });
    for (const s of t.subresources ?? []) {
      const gv = s.kind === "Scale" ? { group: "autoscaling", version: "v1" } : s.kind === "Eviction" ? { group: "policy", version: "v1" } : {};
      resources.push({ name: `${t.resource}/${s.name}`, singularName: "", namespaced: t.namespaced, kind: s.kind, verbs: s.verbs, ...gv });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources };
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function apiGroup(name: string): Record<string, unknown> {
  const versions = groupVersions()
    .filter((gv) => gv.group === name)
    .map((gv) => ({ groupVersion: `${gv.group}/${gv.version}`, version: gv.version }));
  return { name, versions, preferredVersion: versions[0] };
}

export function groupList(): Record<string, unknown> {
  const names = [...new Set(groupVersions().map((gv) => gv.group).filter((g) => g !== ""))];
  return { kind: "APIGroupList", apiVersion: "v1", groups: names.map(apiGroup) };
}

export function group(name: string): Record<string, unknown> | undefined {
  if (!groupVersions().some((gv) => gv.group === name)) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...apiGroup(name) };
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function docHash(group: string, version: string): string {
  return createHash("sha512").update(`${group}/${version}/${RESOURCE_TYPES.length}`).digest("hex").slice(0, 128).toUpperCase();
}

export function openApiV3Root(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groupVersions()) {
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${docHash(group, version)}` };
  }
  return { paths };
}

const WRITE_PARAMS = ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"].map((name) => ({ name, in: "query", schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true } }));

function schemaName(t: ResourceType): string {
  const g = t.group === "" ? "core" : t.group.replace(/\.k8s\.io$/, "").replace(/\./g, "_");
  return `io.k8s.api.${g}.${t.version}.${t.kind}`;
}

/** OpenAPI v3 document of one group-version: operations carry x-kubernetes-group-version-kind. */
export function openApiV3Doc(path: string): Record<string, unknown> | undefined {
  const gv = groupVersions().find((x) => gvPath(x.group, x.version) === path);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const t of RESOURCE_TYPES.filter((x) => x.group === gv.group && x.version === gv.version)) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const ref = { $ref: `#/components/schemas/${schemaName(t)}` };
    const op = (verb: string, extra: Record<string, unknown> = {}) => ({
      operationId: `${verb}${t.kind}`,
      "x-kubernetes-action": verb,
      "x-kubernetes-group-version-kind": gvk,
      responses: { "200": { description: "OK", content: { "application/json": { schema: ref } } } },
      ...extra,
    });
    const base = `/${gvPath(t.group, t.version)}${t.namespaced ? "/namespaces/{namespace}" : ""}/${t.resource}`;
    const readOnly = t.virtual;
    paths[base] = { get: op("list"), ...(readOnly ? {} : { post: op("post", { parameters: WRITE_PARAMS, requestBody: { content: { "application/json": { schema: ref } } } }) }) };
    paths[`${base}/{name}`] = {
      get: op("get"),
      ...(readOnly
        ? {}
        : {
            put: op("put", { parameters: WRITE_PARAMS, requestBody: { content: { "application/json": { schema: ref } } } }),
            patch: op("patch", { parameters: WRITE_PARAMS, requestBody: { content: { "application/apply-patch+yaml": { schema: { type: "object" } }, "application/json-patch+json": { schema: { type: "object" } }, "application/merge-patch+json": { schema: { type: "object" } }, "application/strategic-merge-patch+json": { schema: { type: "object" } } } } }),
            delete: op("delete"),
          }),
    };
    schemas[schemaName(t)] = {
      type: "object",
      description: `${t.kind} (emulated: fields are not validated beyond what the simulation needs)`,
      properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, spec: { type: "object" }, status: { type: "object" } },
      "x-kubernetes-group-version-kind": [gvk],
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.31.0" }, paths, components: { schemas } };
}

function protoString(field: number, value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
}

/**
 * /openapi/v2 as kubectl fetches it (gnostic protobuf): an empty document. kubectl falls back to
 * it for kinds the v3 documents do not list and skips client-side validation for types the
 * document has no schema for, which lets unknown kinds reach the usual "no matches for kind" error.
 */
export function openApiV2Protobuf(kubernetesVersion: string): Buffer {
  const info = Buffer.concat([protoString(1, "Kubernetes"), protoString(2, `v${kubernetesVersion}`)]);
  return Buffer.concat([protoString(1, "2.0"), Buffer.from([(2 << 3) | 2, info.length]), info]);
}

/** The response type kube-openapi answers with (the request asks for "…spec.v2@v1.0+protobuf"). */
export const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
