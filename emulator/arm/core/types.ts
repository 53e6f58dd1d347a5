/**
 * The resource-provider interface of the local ARM. A provider is a namespace
 * (e.g. Microsoft.ContainerService) with route handlers; the front door does everything
 * common (TLS, auth, RBAC, api-version, registration, faults, request ids, error bodies) before
 * a handler runs, so handlers only implement the resource semantics. See ../README.md.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ArmErrorDetail } from "./errors";
import type { ResourceStore, StoredResource } from "./store";
import type { OperationEngine, OperationRecord } from "./operations";
import type { ActivityLog } from "./activity-log";

export type HttpMethod = "GET" | "PUT" | "PATCH" | "DELETE" | "POST" | "HEAD";

/** Role-based identity of the caller, from the verified bearer token. */
export interface Caller {
  oid: string;
  tid: string;
  appid?: string;
  role: ArmRole | null;
}
export type ArmRole = "Owner" | "Contributor" | "Reader";

export interface ArmRequest {
  method: HttpMethod;
  /** Normalised path (collapsed `//`, no trailing slash), original casing. */
  path: string;
  /** Template parameters in the caller's spelling, e.g. { subscriptionId, resourceGroupName }. */
  params: Record<string, string>;
  query: URLSearchParams;
  apiVersion: string;
  /** Parsed JSON body, undefined when empty. Handlers validate it (zod) before using it. */
  body: unknown;
  headers: IncomingHttpHeaders;
  caller: Caller;
  requestId: string;
  /** Set by a `failLro` fault: the LRO this request starts fails midway with this error. */
  lroFault?: ArmErrorDetail;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ArmRoute {
  method: HttpMethod;
  /** Template in Azure's spelling, `{name}` captures a segment; matched case-insensitively. */
  path: string;
  apiVersions: readonly string[];
  /**
   * RBAC action the caller needs, as in Azure role definitions
   * (e.g. "Microsoft.ContainerService/managedClusters/write"), or a function of the path
   * parameters when it depends on them; null: any authenticated caller.
   */
  action: string | null | ((params: Record<string, string>) => string);
  /** PUTs under an unregistered namespace fail with MissingSubscriptionRegistration (default: true for PUT). */
  requiresRegistration?: boolean;
  handle(req: ArmRequest, env: ArmEnvironment): ArmResponse | Promise<ArmResponse>;
}

/** Entry of `GET /providers/{ns}`: what the provider says about each of its resource types. */
export interface ProviderResourceType {
  resourceType: string;
  locations: string[];
  apiVersions: string[];
  capabilities?: string;
}

/**
 * What runs when an LRO ends. Completions are looked up by name, so an operation persisted
 * before a restart still completes after it. Throwing an ArmError in onSuccess fails the LRO.
 */
export interface OperationCompletion {
  /** Return "pending" to keep the operation running past its due time (runtime work not finished yet). */
  onSuccess?(op: OperationRecord, env: ArmEnvironment): void | "pending";
  onFailure?(op: OperationRecord, env: ArmEnvironment): void;
}

/** Loopback-only control endpoint under `/_emulator/<path>` (faults, quotas, …). */
export interface ControlRoute {
  method: HttpMethod;
  path: string;
  handle(body: unknown, env: ArmEnvironment): ArmResponse | Promise<ArmResponse>;
}

export interface ResourceProvider {
  /** Namespace as Azure spells it, e.g. "Microsoft.ContainerService". */
  namespace: string;
  /** Registered in a new subscription without a `register` call. */
  registeredByDefault: boolean;
  resourceTypes: ProviderResourceType[];
  routes: ArmRoute[];
  completions?: Record<string, OperationCompletion>;
  control?: ControlRoute[];
  /**
   * Told about resources of this namespace that were removed by a cascade (resource-group
   * delete), so runtime state behind them (Kubernetes API, databases) can be released.
   */
  onCascadeDelete?(removed: StoredResource[], env: ArmEnvironment): void;
  /** Called once the local Azure listens (also after a restart): bring runtime state back up. */
  onStart?(env: ArmEnvironment): void;
}

export interface ArmSettings {
  /** Fixed origin, e.g. https://127.0.0.1:8443; absolute URLs (nextLink, LRO headers) use it. */
  origin: string;
  tenantId: string;
  subscriptionId: string;
  subscriptionDisplayName: string;
  /** Multiplier of realistic operation durations; 0 = instant. Mutable through the control API. */
  timeScale: number;
  /** Page size of list answers (ARM's is often 100–1000; small values let tests page). */
  pageSize: number;
  /** Azure regions offered by this local Azure (names like "eastus"). */
  locations: readonly LocationInfo[];
}

export interface LocationInfo {
  name: string;
  displayName: string;
  regionalDisplayName: string;
  geographyGroup: string;
  latitude: string;
  longitude: string;
  physicalLocation: string;
  pairedRegion: string;
  zones: string[];
}

export interface ArmEnvironment {
  settings: ArmSettings;
  store: ResourceStore;
  operations: OperationEngine;
  providers: readonly ResourceProvider[];
  /** Administrative events of every write (in memory; read through Microsoft.Insights eventtypes). */
  activityLog: ActivityLog;
  now(): Date;
}
