import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { LineChart } from "./line-chart";

const t0 = Date.UTC(2026, 10, 26, 13, 0);
const pts = (values: Array<number | null>) => values.map((v, i) => ({ t: t0 + i * 60_000, v }));

describe("LineChart", () => {
  it("draws one line and legend entry per series, labelled threshold lines, an accessible name and a data table", () => {
    const html = renderToStaticMarkup(
      <LineChart
        title="AKS cluster: Node CPU"
        unit="Percent"
        from={t0}
        to={t0 + 5 * 60_000}
        series={[
          { label: "system", metric: "node_cpu_usage_percentage", dimensions: { nodepool: "system" }, points: pts([10, 20, null, 30, null]) },
          { label: "sandbox", metric: "node_cpu_usage_percentage", dimensions: { nodepool: "sandbox" }, points: pts([50, 60, 70, 65, 64]) },
        ]}
        thresholds={[{ value: 85, metric: "node_cpu_usage_percentage", rule: "alert-aks-cpu", severity: 2, condition: "Average > 85" }]}
      />,
    );
    expect(html.match(/data-series="/g)).toHaveLength(2);
    expect(html.match(/<path /g)).toHaveLength(2); // the lone point after the gap is a dot
    expect(html).toContain("<circle");
    expect(html).toContain('data-testid="threshold-line"');
    expect(html).toContain("Alert: Average &gt; 85");
    expect(html).toContain("Alert rule alert-aks-cpu: Average &gt; 85");
    expect(html).toContain("<title");
    expect(html).toContain("AKS cluster: Node CPU (Percent)");
    expect(html).toContain("sandbox: latest 64 %, min 50 %, max 70 %");
    expect(html).toContain("Data table");
    expect(html).toContain("2026-11-26 13:02");
  });
});

describe("LineChart with a bucket that starts before the window", () => {
  it("widens the time axis instead of drawing outside the plot", () => {
    const html = renderToStaticMarkup(
      <LineChart title="Storage: Used capacity" unit="Bytes" from={t0 + 37 * 60_000} to={t0 + 97 * 60_000} thresholds={[]}
        series={[{ label: "Used capacity", metric: "UsedCapacity", dimensions: {}, points: [{ t: t0, v: 4e9 }, { t: t0 + 3_600_000, v: 4.1e9 }] }]} />,
    );
    const xs = [...html.matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(56);
  });
});
