import { describe, expect, it } from "vitest";
import { ingestionEndpointOf, startTelemetry } from "./azure-monitor";

/** The OpenTelemetry API keeps its global providers under this symbol once anything registers. */
const OTEL_GLOBAL = Symbol.for("opentelemetry.js.api.1");

describe("telemetry when no connection string is configured", () => {
  it("stays off and registers no OpenTelemetry provider", async () => {
    expect(await startTelemetry(undefined)).toBe("off");
    expect((globalThis as Record<symbol, unknown>)[OTEL_GLOBAL]).toBeUndefined();
  });
});

describe("ingestionEndpointOf", () => {
  it("names the endpoint of the connection string, never the key", () => {
    expect(ingestionEndpointOf("InstrumentationKey=abc;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=x")).toBe(
      "https://westeurope-5.in.applicationinsights.azure.com/",
    );
    expect(ingestionEndpointOf("InstrumentationKey=abc")).toBe("https://dc.services.visualstudio.com");
  });
});
