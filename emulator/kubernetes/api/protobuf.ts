/**
 * Decoding of the protobuf request bodies kubectl 1.32's typed generators send
 * (`kubectl create namespace|configmap|secret|serviceaccount|deployment`). Only the fields of
 * those kinds are known. Go's generated encoders also write every non-pointer field with its zero
 * value, so unknown fields that are empty are skipped, while an unknown field with content is
 * refused (415) rather than silently dropped. Responses stay JSON, which client-go accepts.
 */
import { KubeApiError, type KubeObject } from "../types";

type FieldKind = "string" | "int" | "bool" | "bytes" | "time" | "quantity";
interface Field {
  name: string;
  kind: FieldKind | Schema;
  repeated?: boolean;
  /** map<string, string|bytes>: repeated entries {1: key, 2: value}. */
  map?: "string" | "bytes" | "quantity";
  /** Pointer fields (replicas): a zero that was sent means zero. */
  keepZero?: boolean;
}
type Schema = Record<number, Field>;

const TYPE_META: Schema = { 1: { name: "apiVersion", kind: "string" }, 2: { name: "kind", kind: "string" } };
const UNKNOWN: Schema = { 1: { name: "typeMeta", kind: TYPE_META }, 2: { name: "raw", kind: "bytes" }, 3: { name: "contentEncoding", kind: "string" }, 4: { name: "contentType", kind: "string" } };

const OBJECT_META: Schema = {
  1: { name: "name", kind: "string" },
  2: { name: "generateName", kind: "string" },
  3: { name: "namespace", kind: "string" },
  8: { name: "creationTimestamp", kind: "time" },
  11: { name: "labels", kind: "string", map: "string" },
  12: { name: "annotations", kind: "string", map: "string" },
  14: { name: "finalizers", kind: "string", repeated: true },
};
const LOCAL_REF: Schema = { 1: { name: "name", kind: "string" } };
const LABEL_SELECTOR: Schema = { 1: { name: "matchLabels", kind: "string", map: "string" } };
const CONTAINER_PORT: Schema = { 1: { name: "name", kind: "string" }, 2: { name: "hostPort", kind: "int" }, 3: { name: "containerPort", kind: "int" }, 4: { name: "protocol", kind: "string" } };
const RESOURCES: Schema = { 1: { name: "limits", kind: "string", map: "quantity" }, 2: { name: "requests", kind: "string", map: "quantity" } };
const CONTAINER: Schema = {
  1: { name: "name", kind: "string" },
  2: { name: "image", kind: "string" },
  3: { name: "command", kind: "string", repeated: true },
  4: { name: "args", kind: "string", repeated: true },
  6: { name: "ports", kind: CONTAINER_PORT, repeated: true },
  8: { name: "resources", kind: RESOURCES },
  14: { name: "imagePullPolicy", kind: "string" },
};
const POD_SPEC: Schema = { 2: { name: "containers", kind: CONTAINER, repeated: true } };
const POD_TEMPLATE: Schema = { 1: { name: "metadata", kind: OBJECT_META }, 2: { name: "spec", kind: POD_SPEC } };
const STRATEGY: Schema = { 1: { name: "type", kind: "string" } };
const DEPLOYMENT_SPEC: Schema = { 1: { name: "replicas", kind: "int", keepZero: true }, 2: { name: "selector", kind: LABEL_SELECTOR }, 3: { name: "template", kind: POD_TEMPLATE }, 4: { name: "strategy", kind: STRATEGY } };
const EMPTY: Schema = {};

const KINDS: Record<string, Schema> = {
  "v1/Namespace": { 1: { name: "metadata", kind: OBJECT_META }, 2: { name: "spec", kind: EMPTY }, 3: { name: "status", kind: EMPTY } },
  "v1/ConfigMap": { 1: { name: "metadata", kind: OBJECT_META }, 2: { name: "data", kind: "string", map: "string" }, 3: { name: "binaryData", kind: "string", map: "bytes" }, 4: { name: "immutable", kind: "bool" } },
  "v1/Secret": { 1: { name: "metadata", kind: OBJECT_META }, 2: { name: "data", kind: "string", map: "bytes" }, 3: { name: "type", kind: "string" }, 4: { name: "stringData", kind: "string", map: "string" }, 5: { name: "immutable", kind: "bool" } },
  "v1/ServiceAccount": { 1: { name: "metadata", kind: OBJECT_META }, 3: { name: "imagePullSecrets", kind: LOCAL_REF, repeated: true }, 4: { name: "automountServiceAccountToken", kind: "bool" } },
  "apps/v1/Deployment": { 1: { name: "metadata", kind: OBJECT_META }, 2: { name: "spec", kind: DEPLOYMENT_SPEC }, 3: { name: "status", kind: EMPTY } },
};

function unsupported(detail: string): KubeApiError {
  return new KubeApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format (protobuf ${detail}) - accepted media types include: application/json, application/yaml`);
}

interface RawField {
  no: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw unsupported("truncated varint");
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function readFields(buf: Buffer): RawField[] {
  const out: RawField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(buf, p1);
      out.push({ no, wire, varint: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, p1);
      const end = p2 + Number(len);
      if (end > buf.length) throw unsupported("truncated field");
      out.push({ no, wire, bytes: buf.subarray(p2, end) });
      pos = end;
    } else throw unsupported(`wire type ${wire}`);
  }
  return out;
}

function scalar(f: RawField, kind: FieldKind | "quantity"): unknown {
  if (kind === "int") return Number(f.varint ?? 0n);
  if (kind === "bool") return (f.varint ?? 0n) !== 0n;
  if (kind === "bytes") return (f.bytes ?? Buffer.alloc(0)).toString("base64");
  if (kind === "quantity") return String(decode(f.bytes!, { 1: { name: "string", kind: "string" } }).string ?? "");
  return (f.bytes ?? Buffer.alloc(0)).toString("utf8");
}

function isEmpty(f: RawField): boolean {
  return f.wire === 0 ? f.varint === 0n : (f.bytes?.length ?? 0) === 0;
}

function decode(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const field = schema[f.no];
    if (!field) {
      if (isEmpty(f)) continue;
      throw unsupported(`field ${f.no} is not supported for this kind`);
    }
    if (field.map) {
      const entry = readFields(f.bytes ?? Buffer.alloc(0));
      const key = entry.find((e) => e.no === 1)?.bytes?.toString("utf8") ?? "";
      const value = entry.find((e) => e.no === 2);
      const map = (out[field.name] ??= {}) as Record<string, unknown>;
      map[key] = value ? scalar(value, field.map) : "";
      continue;
    }
    if (field.kind === "time") continue; // server-owned timestamps
    // Zero values of non-pointer fields mean "not set" (JSON's omitempty).
    if (typeof field.kind === "string" && field.kind !== "bool" && !field.repeated && !field.keepZero && isEmpty(f)) continue;
    const value = typeof field.kind === "string" ? scalar(f, field.kind) : decode(f.bytes ?? Buffer.alloc(0), field.kind);
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed protobuf body into the JSON object it stands for. */
export function decodeKubeProtobuf(body: Buffer): KubeObject {
  if (body.length < 4 || body.subarray(0, 4).toString("latin1") !== "k8s\0") throw unsupported("without the k8s envelope");
  const envelope = decode(body.subarray(4), UNKNOWN) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string };
  const apiVersion = envelope.typeMeta?.apiVersion ?? "";
  const kind = envelope.typeMeta?.kind ?? "";
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) throw unsupported(`for ${kind || "an unknown kind"} ${apiVersion}`);
  const obj = decode(Buffer.from(envelope.raw ?? "", "base64"), schema);
  return { apiVersion, kind, ...obj, metadata: (obj.metadata ?? {}) as KubeObject["metadata"] } as KubeObject;
}
