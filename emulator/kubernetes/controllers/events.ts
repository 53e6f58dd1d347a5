/**
 * Events as the kubelet and controllers record them (core/v1 Event): a repeat of the same object,
 * reason and message bumps count and lastTimestamp instead of adding another event.
 */
import { randomBytes } from "node:crypto";
import type { Pod } from "../model";
import { typeOf } from "../resources";
import type { ObjectStore } from "../store";
import type { KubeObject } from "../types";
import { timestamp } from "./context";

const EVENT = typeOf("Event");

export class EventRecorder {
  private readonly index = new Map<string, string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
  ) {}

  record(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string, component = "kubelet"): void {
    const ns = obj.metadata.namespace ?? "default";
    const now = timestamp(this.now());
    const key = `${obj.metadata.uid}|${reason}|${message}`;
    const knownName = this.index.get(key);
    const existing = knownName ? this.store.get(EVENT, ns, knownName) : undefined;
    if (existing) {
      this.store.mutate(EVENT, ns, existing.metadata.name, (d) => {
        d.count = Number(d.count ?? 1) + 1;
        d.lastTimestamp = now;
      });
      return;
    }
    const eventName = `${obj.metadata.name}.${randomBytes(8).toString("hex")}`;
    if (this.index.size > 20_000) this.index.clear();
    this.index.set(key, eventName);
    this.store.create(EVENT, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: eventName, namespace: ns, uid: "", resourceVersion: "", creationTimestamp: "" },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) },
      reason,
      message,
      type,
      source: { component, ...(component === "kubelet" && (obj as Pod).spec?.nodeName ? { host: (obj as Pod).spec.nodeName } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: component,
      reportingInstance: "",
      eventTime: null,
    });
  }
}
