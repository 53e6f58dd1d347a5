/**
 * The scheduler loop and the kubelet: binds pending pods to nodes (FailedScheduling events when
 * nothing fits), then walks each bound pod through ContainerCreating → image pull → Running →
 * Ready, or ErrImagePull ⇄ ImagePullBackOff with the kubelet's exponential back-off, and
 * removes pods whose grace period is over.
 */
import type { ContainerStatus, NodeObject, Pod, PodStatus } from "../model";
import { typeOf } from "../resources";
import { isPodReady, setCondition } from "./workloads";
import { schedule, usageOf, type NodeUsage } from "./scheduler";
import { timestamp, type PodSim, type SimContext } from "./context";
import { createHash } from "node:crypto";
import { nextProbeCheck, probePeriod, readinessVerdict } from "./probes";

const POD = typeOf("Pod");
const NODE = typeOf("Node");

/** Simulated durations (ms) of the kubelet's steps. */
export const KUBELET_TIMING = { sandbox: 500, pull: 1500, readiness: 1000, backoffBase: 10_000, backoffMax: 300_000 };

export function normalizeImage(image: string): string {
  const [first, ...rest] = image.split("/");
  const hasRegistry = rest.length > 0 && (first!.includes(".") || first!.includes(":") || first === "localhost");
  let ref = hasRegistry ? image : `docker.io/${rest.length ? image : `library/${image}`}`;
  if (!/[:@][^/]+$/.test(ref)) ref += ":latest";
  return ref;
}

/** Default image check: tags that say they do not exist fail, everything else pulls. */
export function defaultImageExists(image: string): boolean {
  const tag = normalizeImage(image).split(/[:@]/).pop() ?? "";
  return !/(does-?not-?exist|nonexist|notfound|not-found|missing|invalid)/i.test(tag);
}

export function reconcileScheduling(ctx: SimContext, pods: Pod[], nodes: NodeObject[]): Pod[] {
  if (!pods.some((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp)) return [];
  const usage = new Map<string, NodeUsage>();
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    if (!p.spec.nodeName) continue;
    const list = byNode.get(p.spec.nodeName);
    if (list) list.push(p);
    else byNode.set(p.spec.nodeName, [p]);
  }
  for (const n of nodes) usage.set(n.metadata.name, usageOf(byNode.get(n.metadata.name) ?? []));
  const unschedulable: Pod[] = [];
  const pending = pods.filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp).sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
  for (const pod of pending) {
    const decision = schedule(pod, nodes, usage);
    const now = timestamp(ctx.now());
    if (decision.node) {
      const nodeName = decision.node.metadata.name;
      const u = usage.get(nodeName)!;
      const nu = usageOf([pod]);
      usage.set(nodeName, { cpu: u.cpu + nu.cpu, mem: u.mem + nu.mem, pods: u.pods + 1 });
      ctx.store.mutate(POD, pod.metadata.namespace, pod.metadata.name, (draft) => {
        const d = draft as Pod;
        d.spec.nodeName = nodeName;
        d.status = { ...d.status, phase: "Pending", conditions: setCondition(d.status?.conditions, { type: "PodScheduled", status: "True", lastProbeTime: null }, now) };
      });
      ctx.podSim.set(pod.metadata.uid, { stage: "Creating", nextAt: ctx.now() + ctx.dur(KUBELET_TIMING.sandbox), pullFailures: 0 });
      ctx.event(pod, "Normal", "Scheduled", `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, "default-scheduler");
    } else {
      unschedulable.push(pod);
      const prev = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
      if (prev?.message === decision.message) continue;
      ctx.store.mutate(POD, pod.metadata.namespace, pod.metadata.name, (draft) => {
        const d = draft as Pod;
        d.status = { ...d.status, phase: "Pending", conditions: setCondition(d.status?.conditions, { type: "PodScheduled", status: "False", reason: "Unschedulable", message: decision.message!, lastProbeTime: null }, now) };
      });
      ctx.event(pod, "Warning", "FailedScheduling", decision.message!, "default-scheduler");
    }
  }
  return unschedulable;
}

function containerStatuses(pod: Pod, state: (image: string) => ContainerStatus["state"], ready: boolean, started: boolean): ContainerStatus[] {
  return pod.spec.containers.map((c) => {
    const image = c.image ?? "";
    const s = state(image);
    return {
      name: c.name,
      image,
      imageID: s.running ? `${normalizeImage(image).replace(/:[^:/]+$/, "")}@sha256:${createHash("sha256").update(image).digest("hex")}` : "",
      ready,
      started,
      restartCount: 0,
      state: s,
      ...(s.running ? { containerID: `containerd://${createHash("sha256").update(`${pod.metadata.uid}/${c.name}`).digest("hex")}` } : {}),
    };
  });
}

function podConditions(pod: Pod, now: string, ready: boolean): PodStatus["conditions"] {
  let c = pod.status?.conditions;
  c = setCondition(c, { type: "PodReadyToStartContainers", status: "True", lastProbeTime: null }, now);
  c = setCondition(c, { type: "Initialized", status: "True", lastProbeTime: null }, now);
  const notReady = { reason: "ContainersNotReady", message: `containers with unready status: [${pod.spec.containers.map((x) => x.name).join(" ")}]` };
  c = setCondition(c, ready ? { type: "Ready", status: "True", lastProbeTime: null } : { type: "Ready", status: "False", lastProbeTime: null, ...notReady }, now);
  c = setCondition(c, ready ? { type: "ContainersReady", status: "True", lastProbeTime: null } : { type: "ContainersReady", status: "False", lastProbeTime: null, ...notReady }, now);
  return c;
}

function writeStatus(ctx: SimContext, pod: Pod, update: (s: PodStatus) => PodStatus): void {
  ctx.store.mutate(POD, pod.metadata.namespace, pod.metadata.name, (draft) => {
    const d = draft as Pod;
    d.status = update({ ...d.status });
  });
}

function images(pod: Pod): string[] {
  return pod.spec.containers.map((c) => c.image ?? "");
}

/** Advances one pod whose next step is due. */
function stepPod(ctx: SimContext, pod: Pod, sim: PodSim, node: NodeObject | undefined): void {
  const nowMs = ctx.now();
  const now = timestamp(nowMs);
  const next = (stage: PodSim["stage"], afterSimMs: number) => {
    sim.stage = stage;
    sim.nextAt = nowMs + ctx.dur(afterSimMs);
  };
  const kubelet = "kubelet";
  switch (sim.stage) {
    case "Creating": {
      writeStatus(ctx, pod, (s) => ({
        ...s,
        phase: "Pending",
        hostIP: node?.status?.addresses?.[0]?.address ?? s.hostIP,
        ...(node ? { hostIPs: [{ ip: node.status?.addresses?.[0]?.address ?? "" }] } : {}),
        startTime: s.startTime ?? now,
        conditions: podConditions(pod, now, false),
        containerStatuses: containerStatuses(pod, () => ({ waiting: { reason: "ContainerCreating" } }), false, false),
      }));
      for (const image of images(pod)) ctx.event(pod, "Normal", "Pulling", `Pulling image "${image}"`, kubelet);
      next("Pulling", KUBELET_TIMING.pull);
      return;
    }
    case "Pulling": {
      const missing = images(pod).filter((i) => !ctx.imageExists(i));
      if (missing.length > 0) {
        sim.pullFailures++;
        const msg = (i: string) => `failed to pull and unpack image "${normalizeImage(i)}": failed to resolve reference "${normalizeImage(i)}": ${normalizeImage(i)}: not found`;
        for (const i of missing) {
          ctx.event(pod, "Warning", "Failed", `Failed to pull image "${i}": ${msg(i)}`, kubelet);
          ctx.event(pod, "Warning", "Failed", "Error: ErrImagePull", kubelet);
        }
        writeStatus(ctx, pod, (s) => ({ ...s, containerStatuses: containerStatuses(pod, (i) => (missing.includes(i) ? { waiting: { reason: "ErrImagePull", message: msg(i) } } : { waiting: { reason: "ContainerCreating" } }), false, false) }));
        next("PullFailed", 1000);
        return;
      }
      const ip = s_podIp(ctx, pod);
      for (const c of pod.spec.containers) {
        ctx.event(pod, "Normal", "Pulled", `Successfully pulled image "${c.image}" in 1.5s (1.5s including waiting). Image size: 52428800 bytes.`, kubelet);
        ctx.event(pod, "Normal", "Created", `Created container: ${c.name}`, kubelet);
        ctx.event(pod, "Normal", "Started", `Started container ${c.name}`, kubelet);
      }
      writeStatus(ctx, pod, (s) => ({
        ...s,
        phase: "Running",
        podIP: ip,
        podIPs: [{ ip }],
        conditions: podConditions(pod, now, false),
        containerStatuses: containerStatuses(pod, () => ({ running: { startedAt: now } }), false, true),
      }));
      next("Started", KUBELET_TIMING.readiness);
      return;
    }
    case "Started": {
      const verdict = readinessVerdict(ctx, pod);
      if (verdict === "pending" || verdict === false) {
        // Not ready yet: look again shortly (a probe in flight wakes the controllers when done).
        sim.nextAt = nextProbeCheck(ctx, pod);
        return;
      }
      writeStatus(ctx, pod, (s) => ({
        ...s,
        conditions: podConditions(pod, now, true),
        containerStatuses: (s.containerStatuses ?? []).map((c) => ({ ...c, ready: true })),
      }));
      sim.stage = "Ready";
      sim.nextAt = verdict === true ? nextProbeCheck(ctx, pod) : Number.POSITIVE_INFINITY;
      return;
    }
    case "PullFailed": {
      const backoff = Math.min(KUBELET_TIMING.backoffBase * 2 ** (sim.pullFailures - 1), KUBELET_TIMING.backoffMax);
      for (const i of images(pod).filter((x) => !ctx.imageExists(x))) {
        ctx.event(pod, "Normal", "BackOff", `Back-off pulling image "${i}"`, kubelet);
        ctx.event(pod, "Warning", "Failed", "Error: ImagePullBackOff", kubelet);
      }
      writeStatus(ctx, pod, (s) => ({
        ...s,
        containerStatuses: (s.containerStatuses ?? []).map((c) => (c.state.waiting?.reason === "ErrImagePull" ? { ...c, state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}": ErrImagePull: ${c.state.waiting.message ?? ""}` } } } : c)),
      }));
      next("BackOff", backoff);
      return;
    }
    case "BackOff": {
      for (const image of images(pod)) ctx.event(pod, "Normal", "Pulling", `Pulling image "${image}"`, kubelet);
      next("Pulling", KUBELET_TIMING.pull);
      return;
    }
    case "Ready": {
      // Only probed pods come back here: a failing probe takes the pod out of its Service's endpoints.
      const verdict = readinessVerdict(ctx, pod);
      const period = probePeriod(ctx, pod);
      if (verdict === undefined || period === undefined) {
        sim.nextAt = Number.POSITIVE_INFINITY;
        return;
      }
      if (verdict === false) {
        writeStatus(ctx, pod, (s) => ({
          ...s,
          conditions: podConditions(pod, now, false),
          containerStatuses: (s.containerStatuses ?? []).map((c) => ({ ...c, ready: false })),
        }));
        sim.stage = "Started";
      }
      sim.nextAt = nextProbeCheck(ctx, pod);
      return;
    }
  }
}

function s_podIp(ctx: SimContext, pod: Pod): string {
  return pod.status?.podIP ?? ctx.allocatePodIp(pod.spec.nodeName ?? "");
}

export function reconcileKubelet(ctx: SimContext, pods: Pod[], nodes: Map<string, NodeObject>): void {
  const nowMs = ctx.now();
  for (const pod of pods) {
    const nodeName = pod.spec.nodeName;
    if (pod.metadata.deletionTimestamp) {
      ctx.wakeAt(Date.parse(pod.metadata.deletionTimestamp));
      if (!nodeName || Date.parse(pod.metadata.deletionTimestamp) <= nowMs || !nodes.has(nodeName)) {
        if (nodeName && pod.status?.phase === "Running") for (const c of pod.spec.containers) ctx.event(pod, "Normal", "Killing", `Stopping container ${c.name}`, "kubelet");
        ctx.store.delete(POD, pod.metadata.namespace, pod.metadata.name);
        ctx.podSim.delete(pod.metadata.uid);
        ctx.probes.delete(pod.metadata.uid);
      }
      continue;
    }
    if (!nodeName) continue;
    const node = nodes.get(nodeName);
    if (!node) {
      // The node is gone (scaled down or replaced): the pod garbage collector removes its pods.
      ctx.store.delete(POD, pod.metadata.namespace, pod.metadata.name);
      ctx.podSim.delete(pod.metadata.uid);
      continue;
    }
    let sim = ctx.podSim.get(pod.metadata.uid);
    if (!sim) {
      // After a restart: resume from what the status says.
      const waiting = pod.status?.containerStatuses?.find((c) => c.state.waiting)?.state.waiting?.reason;
      const stage: PodSim["stage"] = isPodReady(pod) ? "Ready" : pod.status?.phase === "Running" ? "Started" : waiting === "ImagePullBackOff" || waiting === "ErrImagePull" ? "BackOff" : "Creating";
      sim = { stage, nextAt: stage === "Ready" && probePeriod(ctx, pod) === undefined ? Number.POSITIVE_INFINITY : nowMs, pullFailures: stage === "BackOff" ? 1 : 0 };
      ctx.podSim.set(pod.metadata.uid, sim);
    }
    // Several steps can be due at once when time jumps (tests, restarts); do them in order.
    for (let i = 0; i < 6 && sim.nextAt <= ctx.now(); i++) {
      const current = (ctx.store.get(POD, pod.metadata.namespace, pod.metadata.name) as Pod | undefined) ?? pod;
      stepPod(ctx, current, sim, node);
    }
    if (Number.isFinite(sim.nextAt)) ctx.wakeAt(sim.nextAt);
  }
}

export function nodeReadiness(ctx: SimContext): void {
  const nowMs = ctx.now();
  for (const [name, at] of ctx.nodeReadyAt) {
    if (at > nowMs) {
      ctx.wakeAt(at);
      continue;
    }
    ctx.nodeReadyAt.delete(name);
    const node = ctx.store.get(NODE, undefined, name);
    if (!node) continue;
    const now = timestamp(nowMs);
    ctx.store.mutate(NODE, undefined, name, (draft) => {
      const n = draft as NodeObject;
      n.status = {
        ...n.status,
        conditions: [
          { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available", lastHeartbeatTime: now, lastTransitionTime: now },
          { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure", lastHeartbeatTime: now, lastTransitionTime: now },
          { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available", lastHeartbeatTime: now, lastTransitionTime: now },
          { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now },
        ],
      };
    });
    ctx.event(node, "Normal", "NodeReady", `Node ${name} status is now: NodeReady`, "kubelet");
  }
}
