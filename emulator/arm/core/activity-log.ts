/**
 * The subscription's Activity Log (Azure Monitor "administrative" events): ARM writes an event
 * when a write request passes authorization (BeginRequest, status Started) and another when the
 * answer leaves (EndRequest: Succeeded, Accepted for an asynchronous operation, or Failed). Read
 * through `GET /subscriptions/{id}/providers/Microsoft.Insights/eventtypes/management/values`
 * (providers/insights/activity-log-routes.ts), newest first. Shapes follow the REST spec's
 * GetActivityLogsFiltered example. Kept in memory, newest `capacity` events (see README).
 */
import { randomUUID } from "node:crypto";
import type { HttpMethod } from "./types";

/** What the front door knows about a write once it is authorized. */
export interface WriteRequest {
  /** RBAC action of the route, e.g. Microsoft.ContainerService/managedClusters/write. */
  operationName: string;
  method: HttpMethod;
  /** Resource the request is about (for a POST action: the resource, not the action path). */
  resourceId: string;
  subscriptionId: string;
  resourceGroupName?: string;
  /** Caller as the token names it: the application id of an app, else the object id. */
  caller: string;
  tenantId: string;
  correlationId: string;
  clientRequestId?: string;
  clientIpAddress?: string;
}

export interface ActivityEvent {
  authorization: { action: string; scope: string };
  caller: string;
  channels: string;
  correlationId: string;
  description: string;
  eventDataId: string;
  eventName: { value: string; localizedValue: string };
  category: { value: string; localizedValue: string };
  httpRequest: { clientRequestId?: string; clientIpAddress?: string; method: string };
  id: string;
  level: string;
  resourceGroupName?: string;
  resourceProviderName: { value: string; localizedValue: string };
  resourceId: string;
  resourceType: { value: string; localizedValue: string };
  operationId: string;
  operationName: { value: string; localizedValue: string };
  properties: Record<string, string>;
  status: { value: string; localizedValue: string };
  subStatus: { value: string; localizedValue: string };
  eventTimestamp: string;
  submissionTimestamp: string;
  subscriptionId: string;
  tenantId: string;
}

/** The only $filter fields Azure accepts besides the time range (each with `eq`). */
export interface ActivityFilter {
  from: Date;
  to: Date;
  resourceGroupName?: string;
  resourceUri?: string;
  resourceProvider?: string;
  correlationId?: string;
}

const text = (value: string, localizedValue = value) => ({ value, localizedValue });

const REASONS: Record<number, string> = { 200: "OK", 201: "Created", 202: "Accepted", 204: "NoContent", 400: "BadRequest", 404: "NotFound", 409: "Conflict", 412: "PreconditionFailed", 429: "TooManyRequests", 500: "InternalServerError" };

/** .NET ticks (100 ns since 0001-01-01), as Azure puts them in the event id. */
function ticks(at: Date): string {
  return (BigInt(at.getTime()) * 10_000n + 621_355_968_000_000_000n).toString();
}

/** `Microsoft.Cache/redis/listKeys/action` → `Microsoft.Cache/redis`; `…/write` → without it. */
function resourceTypeOf(operationName: string): string {
  const parts = operationName.split("/");
  const cut = parts.at(-1)?.toLowerCase() === "action" ? 2 : 1;
  return parts.slice(0, Math.max(1, parts.length - cut)).join("/");
}

export class ActivityLog {
  private readonly events: ActivityEvent[] = [];

  constructor(private readonly capacity = 20_000) {}

  /** BeginRequest: the write passed authorization and reaches the resource provider. */
  begin(write: WriteRequest, at: Date): WriteRequest {
    this.add(write, at, "BeginRequest", "Started", "", {});
    return write;
  }

  /** EndRequest with the HTTP answer; `asynchronous`: the answer started a long-running operation. */
  end(write: WriteRequest, at: Date, statusCode: number, asynchronous: boolean, error?: { code?: string; message?: string }): void {
    const reason = REASONS[statusCode] ?? String(statusCode);
    const status = statusCode >= 400 ? "Failed" : asynchronous ? "Accepted" : "Succeeded";
    const properties: Record<string, string> = { statusCode: reason };
    if (error) properties.statusMessage = JSON.stringify({ error: { code: error.code ?? reason, message: error.message ?? "" } });
    this.add(write, at, "EndRequest", status, reason, properties, `${reason} (HTTP Status Code: ${statusCode})`);
  }

  /** Matching events, newest first. */
  list(filter: ActivityFilter): ActivityEvent[] {
    const from = filter.from.getTime();
    const to = filter.to.getTime();
    const eq = (a: string | undefined, b: string | undefined) => b === undefined || (a ?? "").toLowerCase() === b.toLowerCase();
    return this.events
      .filter((e) => {
        const t = Date.parse(e.eventTimestamp);
        return t >= from && t <= to
          && eq(e.resourceGroupName, filter.resourceGroupName)
          && eq(e.resourceId, filter.resourceUri)
          && eq(e.resourceProviderName.value, filter.resourceProvider)
          && eq(e.correlationId, filter.correlationId);
      })
      .reverse();
  }

  private add(write: WriteRequest, at: Date, eventName: string, status: string, subStatus: string, properties: Record<string, string>, subStatusText = subStatus): void {
    const eventDataId = randomUUID();
    const namespace = write.operationName.split("/")[0] ?? "";
    this.events.push({
      authorization: { action: write.operationName, scope: write.resourceId },
      caller: write.caller,
      channels: "Operation",
      correlationId: write.correlationId,
      description: "",
      eventDataId,
      eventName: text(eventName, eventName === "BeginRequest" ? "Begin request" : "End request"),
      category: text("Administrative"),
      httpRequest: { ...(write.clientRequestId ? { clientRequestId: write.clientRequestId } : {}), ...(write.clientIpAddress ? { clientIpAddress: write.clientIpAddress } : {}), method: write.method },
      id: `${write.resourceId}/events/${eventDataId}/ticks/${ticks(at)}`,
      level: status === "Failed" ? "Error" : "Informational",
      ...(write.resourceGroupName ? { resourceGroupName: write.resourceGroupName } : {}),
      resourceProviderName: text(namespace),
      resourceId: write.resourceId,
      resourceType: text(resourceTypeOf(write.operationName)),
      operationId: write.correlationId,
      operationName: text(write.operationName),
      properties,
      status: text(status),
      subStatus: text(subStatus, subStatusText),
      eventTimestamp: at.toISOString(),
      submissionTimestamp: at.toISOString(),
      subscriptionId: write.subscriptionId,
      tenantId: write.tenantId,
    });
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
  }
}
