/**
 * Discovery documents (/version, /api, /apis, per group-version resource lists) and the OpenAPI
 * v3 / v2 documents: paths whose PATCH declares `fieldValidation` (so kubectl leaves validation to
 * the server) and full schemas of the served kinds, generated from @kubernetes/client-node's type
 * metadata (openapi-schemas.ts), so client-side `kubectl apply` and `kubectl explain` work.
 */
import { createHash } from "node:crypto";
import { apiVersionOf, groupVersions, RESOURCE_TYPES, type ResourceType } from "../resources";
import { classForKind, SchemaBuilder, toSwaggerDefinitions, type Schema } from "./openapi-schemas";

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

/** kubectl caches v3 documents by this hash (in --cache-dir): it must change when the content does. */
function docHash(group: string, version: string): string {
  const doc = openApiV3Doc(gvPath(group, version));
  return createHash("sha512").update(JSON.stringify(doc)).digest("hex").slice(0, 128).toUpperCase();
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

function fallbackSchemaName(t: ResourceType): string {
  const g = t.group === "" ? "core" : t.group.split(".")[0]!;
  return `io.k8s.api.${g}.${t.version}.${t.kind}`;
}

/** Component schemas of the kinds of one group-version (and all they reference); name per kind. */
function kindSchemas(types: ResourceType[]): { schemas: Record<string, Schema>; names: Map<ResourceType, string> } {
  const builder = new SchemaBuilder();
  const names = new Map<ResourceType, string>();
  for (const t of types) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const cls = t.virtual ? undefined : classForKind(t.group, t.version, t.kind);
    if (cls) {
      const name = builder.ref(cls, t.group);
      builder.schemas[name] = { ...builder.schemas[name], "x-kubernetes-group-version-kind": [gvk] };
      names.set(t, name);
      continue;
    }
    // Computed kinds (metrics.k8s.io) have no model class: an open object.
    const name = fallbackSchemaName(t);
    builder.schemas[name] = { type: "object", description: `${t.kind} (computed by the emulator)`, "x-kubernetes-preserve-unknown-fields": true, "x-kubernetes-group-version-kind": [gvk] };
    names.set(t, name);
  }
  return { schemas: builder.schemas, names };
}

const v3Docs = new Map<string, Record<string, unknown> | undefined>();

/** OpenAPI v3 document of one group-version: operations carry x-kubernetes-group-version-kind. */
export function openApiV3Doc(path: string): Record<string, unknown> | undefined {
  if (v3Docs.has(path)) return v3Docs.get(path);
  const gv = groupVersions().find((x) => gvPath(x.group, x.version) === path);
  const doc = gv ? buildV3Doc(gv.group, gv.version) : undefined;
  v3Docs.set(path, doc);
  return doc;
}

function buildV3Doc(group: string, version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const types = RESOURCE_TYPES.filter((x) => x.group === group && x.version === version);
  const { schemas, names } = kindSchemas(types);
  for (const t of types) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const ref = { $ref: `#/components/schemas/${names.get(t)!}` };
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
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.0" }, paths, components: { schemas } };
}

let v2Doc: Record<string, unknown> | undefined;

/** /openapi/v2 as JSON (swagger 2.0): the definitions of every served kind, for clients that read v2. */
export function openApiV2Json(kubernetesVersion: string): Record<string, unknown> {
  v2Doc ??= { definitions: toSwaggerDefinitions(kindSchemas(RESOURCE_TYPES).schemas) };
  return { swagger: "2.0", info: { title: "Kubernetes", version: `v${kubernetesVersion}` }, paths: {}, ...v2Doc };
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
