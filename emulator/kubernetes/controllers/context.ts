/** What every simulated controller gets: the store, simulated time, node-pool specs and an event recorder. */
import { createHash, randomBytes } from "node:crypto";
import type { ObjectStore } from "../store";
import type { AgentPoolSpec } from "./nodes";
import type { KubeObject } from "../types";
import type { ProbeState, ReadinessProbe } from "./probes";

/** Where a pod is in the kubelet's lifecycle (kept beside the object, persisted with the cluster). */
export interface PodSim {
  stage: "Creating" | "Pulling" | "Started" | "Ready" | "PullFailed" | "BackOff";
  nextAt: number;
  pullFailures: number;
}

export interface SimContext {
  readonly store: ObjectStore;
  readonly clusterName: string;
  readonly location: string;
  now(): number;
  /** Wall-clock milliseconds for a simulated duration (divided by timeScale). */
  dur(simMs: number): number;
  readonly pools: Map<string, AgentPoolSpec>;
  readonly podSim: Map<string, PodSim>;
  /** Node name → time it becomes Ready. */
  readonly nodeReadyAt: Map<string, number>;
  /** Optional: decides readiness of pods that declare a readinessProbe (see probes.ts). */
  readinessProbe?: ReadinessProbe;
  /** Pod uid → last readiness probe. */
  readonly probes: Map<string, ProbeState>;
  imageExists(image: string): boolean;
  event(obj: KubeObject, type: "Normal" | "Warning", reason: string, message: string, component?: string): void;
  /** The Kubernetes version the control plane reports. */
  kubernetesVersion(): string;
  allocatePodIp(nodeName: string): string;
  /** Asks for a controller pass at (wall-clock) time `ms`: time-based steps register here instead of polling. */
  wakeAt(ms: number): void;
}

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

/** Kubernetes's "safe" alphabet for generated name suffixes (no vowels, no look-alikes). */
const SAFE = "bcdfghjklmnpqrstvwxz2456789";

export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  return [...bytes].map((b) => SAFE[b % SAFE.length]).join("");
}

export function hashSuffix(input: string, n = 10): string {
  const bytes = createHash("sha256").update(input).digest();
  return [...bytes.subarray(0, n)].map((b) => SAFE[b % SAFE.length]).join("");
}
