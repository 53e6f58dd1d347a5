import { describe, expect, it } from "vitest";
import { decodeKubeProtobuf } from "./protobuf";

/** `kubectl create namespace foo` (kubectl 1.32) as it arrived on the wire. */
const NAMESPACE_FOO = "6b3873000a0f0a0276311209 4e616d657370616365121b0a130a03666f6f12001a0022002a00320038004200120 01a020a001a002200".replace(/\s/g, "");

function field(no: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(no << 3) | 2, payload.length]), payload]);
}
const str = (no: number, s: string) => field(no, Buffer.from(s));

describe("protobuf request bodies", () => {
  it("decodes kubectl's Namespace, skipping the zero-valued fields Go writes", () => {
    expect(decodeKubeProtobuf(Buffer.from(NAMESPACE_FOO, "hex"))).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "foo" }, spec: {}, status: {} });
  });

  it("decodes maps (ConfigMap data) and refuses unknown non-empty fields and kinds with 415", () => {
    const entry = Buffer.concat([str(1, "a"), str(2, "b")]);
    const cm = Buffer.concat([field(1, str(1, "cfg")), field(2, entry)]);
    const envelope = (kind: string, raw: Buffer) => Buffer.concat([Buffer.from("k8s\0", "latin1"), field(1, Buffer.concat([str(1, "v1"), str(2, kind)])), field(2, raw)]);
    expect(decodeKubeProtobuf(envelope("ConfigMap", cm))).toMatchObject({ kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "b" } });
    expect(() => decodeKubeProtobuf(envelope("ConfigMap", Buffer.concat([cm, str(9, "x")])))).toThrow(/field 9 is not supported/);
    expect(() => decodeKubeProtobuf(envelope("Service", cm))).toThrow(/protobuf for Service v1/);
    expect(() => decodeKubeProtobuf(Buffer.from("{}"))).toThrow(/unknown format/);
  });
});
