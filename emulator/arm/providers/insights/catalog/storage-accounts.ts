/**
 * Microsoft.Storage/storageAccounts platform metrics, and the blob service's
 * (`storageAccounts/blobServices`, as in the GetMetric.json spec example). Capacity metrics are
 * hourly only (PT1H), as on Azure; transaction metrics split by API name, response type,
 * authentication and geography with fixed shares of the account's traffic.
 */
import type { TimeGrain } from "../timegrain";
import { counter, gauge, growing, metric } from "./define";
import type { DimensionInstance, MetricCatalog, MetricSpec } from "./types";
import { AVG_MIN_MAX } from "./types";

const HOURLY: readonly TimeGrain[] = ["PT1H"];
const TX_DIMS = ["ResponseType", "GeographyType", "ApiName", "Authentication"] as const;
const IO_DIMS = ["GeographyType", "ApiName", "Authentication"] as const;

const API_SHARES: Record<string, number> = { GetBlob: 0.46, PutBlob: 0.18, GetBlobProperties: 0.16, ListBlobs: 0.12, DeleteBlob: 0.05, CreateContainer: 0.03 };
const RESPONSE_SHARES: Record<string, number> = { Success: 0.975, ClientOtherError: 0.015, AuthorizationError: 0.006, ServerOtherError: 0.004 };

const accountMetrics: MetricSpec[] = [
  metric("UsedCapacity", "Used capacity", "The amount of storage used by the storage account. For standard storage accounts, it's the sum of capacity used by blob, table, file, and queue. For premium storage accounts and Blob storage accounts, it is the same as BlobCapacity or FileCapacity.", { unit: "Bytes", metricClass: "Saturation", primary: "Average", supported: ["Average"], grains: HOURLY, model: growing(4.1e9, 2.4e10) }),
  metric("Transactions", "Transactions", "The number of requests made to a storage service or the specified API operation. This number includes successful and failed requests, as well as requests which produced errors. Use ResponseType dimension for the number of different type of response.", { unit: "Count", metricClass: "Transactions", primary: "Total", supported: ["Total"], dimensions: TX_DIMS, model: counter(30, 900, 0.2, { integer: true }) }),
  metric("Ingress", "Ingress", "The amount of ingress data, in bytes. This number includes ingress from an external client into Azure Storage as well as ingress within Azure.", { unit: "Bytes", metricClass: "Transactions", primary: "Total", supported: ["Total", "Average", "Minimum", "Maximum"], dimensions: IO_DIMS, model: counter(2e5, 4.5e7) }),
  metric("Egress", "Egress", "The amount of egress data. This number includes egress to external client from Azure Storage as well as egress within Azure. As a result, this number does not reflect billable egress.", { unit: "Bytes", metricClass: "Transactions", primary: "Total", supported: ["Total", "Average", "Minimum", "Maximum"], dimensions: IO_DIMS, model: counter(5e5, 9e7) }),
  metric("SuccessServerLatency", "Success Server Latency", "The average time used to process a successful request by Azure Storage. This value does not include the network latency specified in SuccessE2ELatency.", { unit: "MilliSeconds", metricClass: "Latency", primary: "Average", supported: AVG_MIN_MAX, dimensions: IO_DIMS, model: gauge(4, 11, 0.2) }),
  metric("SuccessE2ELatency", "Success E2E Latency", "The average end-to-end latency of successful requests made to a storage service or the specified API operation, in milliseconds. This value includes the required processing time within Azure Storage to read the request, send the response, and receive acknowledgment of the response.", { unit: "MilliSeconds", metricClass: "Latency", primary: "Average", supported: AVG_MIN_MAX, dimensions: IO_DIMS, model: gauge(7, 19, 0.2) }),
  metric("Availability", "Availability", "The percentage of availability for the storage service or the specified API operation. Availability is calculated by taking the TotalBillableRequests value and dividing it by the number of applicable requests, including those that produced unexpected errors. All unexpected errors result in reduced availability for the storage service or the specified API operation.", { unit: "Percent", metricClass: "Availability", primary: "Average", supported: AVG_MIN_MAX, dimensions: IO_DIMS, model: { kind: "gauge", low: 100, high: 99.92, noise: 0.5, min: 99.5, max: 100, samplesPerMinute: 1 } }),
];

const blobMetrics: MetricSpec[] = [
  metric("BlobCapacity", "Blob Capacity", "The amount of storage used by the storage account’s Blob service in bytes.", { unit: "Bytes", metricClass: "Saturation", primary: "Average", supported: ["Average"], grains: HOURLY, dimensions: ["BlobType", "Tier"], combine: "sum", model: growing(3.9e9, 2.3e10) }),
  metric("BlobCount", "Blob Count", "The number of blob objects stored in the storage account.", { unit: "Count", metricClass: "Saturation", primary: "Average", supported: ["Average"], grains: HOURLY, dimensions: ["BlobType", "Tier"], combine: "sum", model: growing(1200, 9000, { integer: true }) }),
  metric("ContainerCount", "Blob Container Count", "The number of containers in the storage account.", { unit: "Count", metricClass: "Saturation", primary: "Average", supported: ["Average"], grains: HOURLY, model: { kind: "constant", low: 3, high: 3, noise: 0, integer: true, samplesPerMinute: 1 } }),
  metric("Transactions", "Transactions", "The number of requests made to a storage service or the specified API operation.", { unit: "Count", metricClass: "Transactions", primary: "Total", supported: ["Total"], dimensions: TX_DIMS, model: counter(30, 900, 0.2, { integer: true }) }),
];

function shares(dims: readonly string[]): DimensionInstance[] {
  let out: DimensionInstance[] = [{ dimensions: {}, weight: 1 }];
  const expand = (name: string, values: Record<string, number>) => {
    out = out.flatMap((i) => Object.entries(values).map(([v, w]) => ({ dimensions: { ...i.dimensions, [name]: v }, weight: i.weight * w })));
  };
  for (const d of dims) {
    if (d === "ResponseType") expand(d, RESPONSE_SHARES);
    else if (d === "ApiName") expand(d, API_SHARES);
    else if (d === "GeographyType") expand(d, { Primary: 1 });
    else if (d === "Authentication") expand(d, { AccountKey: 0.8, OAuth: 0.2 });
    else if (d === "Tier") expand(d, { Hot: 0.92, Cool: 0.08, Archive: 0 });
    else if (d === "BlobType") expand(d, { BlockBlob: 1 });
  }
  return out;
}

function instances(_resource: unknown, spec: MetricSpec): DimensionInstance[] {
  // Share-based split keeps gauges (latency, availability) unweighted: every API sees the same level.
  const split = shares(spec.dimensions);
  return spec.model.kind === "gauge" ? split.map((i) => ({ ...i, weight: 1 })) : split;
}

export const storageAccountsCatalog: MetricCatalog = { resourceType: "Microsoft.Storage/storageAccounts", metrics: accountMetrics, instances };
export const blobServicesCatalog: MetricCatalog = { resourceType: "Microsoft.Storage/storageAccounts/blobServices", metrics: blobMetrics, instances };
