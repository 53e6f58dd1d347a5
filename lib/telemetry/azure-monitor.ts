/**
 * OpenTelemetry for the console server, exported to Azure Monitor (Application Insights) when a
 * connection string is configured: traces of incoming requests and outgoing calls (ARM, the
 * store, Redis) and the standard HTTP metrics. Without a connection string the SDK is never
 * imported, so a laptop pays nothing and nothing leaves the machine.
 */
import type { Logger } from "./logger";

export type TelemetryMode = "off" | "azure-monitor";

let started: Promise<TelemetryMode> | undefined;

/** Starts exporting once per process; later calls return the first answer. */
export function startTelemetry(connectionString: string | undefined, logger?: Logger): Promise<TelemetryMode> {
  started ??= start(connectionString, logger);
  return started;
}

async function start(connectionString: string | undefined, logger?: Logger): Promise<TelemetryMode> {
  if (!connectionString) return "off";
  // Renamed: the SDK's "use…" name is not a React hook (the hooks lint rule would think so).
  const { useAzureMonitor: startAzureMonitor } = await import("@azure/monitor-opentelemetry");
  startAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Live Metrics opens its own long-lived channel to Microsoft; opt-in only, not by default.
    enableLiveMetrics: false,
    // A console serves a few admins: keep every trace. (The default 5-per-second rate limiter
    // starts with an empty budget and drops the first traces of a quiet process.)
    samplingRatio: 1,
    tracesPerSecond: 0,
  });
  logger?.info("telemetry: exporting traces and metrics to Azure Monitor", { ingestionEndpoint: ingestionEndpointOf(connectionString) });
  return "azure-monitor";
}

/** Exports what is buffered and stops (tests; a graceful shutdown). */
export async function stopTelemetry(): Promise<void> {
  if (!started || (await started) === "off") return;
  const { shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
  await shutdownAzureMonitor();
}

/** The ingestion endpoint named in a connection string (the default global one when absent); never the key. */
export function ingestionEndpointOf(connectionString: string): string {
  const match = /(?:^|;)\s*IngestionEndpoint=([^;]+)/i.exec(connectionString);
  return match?.[1]?.trim() ?? "https://dc.services.visualstudio.com";
}
