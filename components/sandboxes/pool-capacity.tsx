import { share } from "@/lib/openhands/sandboxes/aggregate";
import type { PoolUsage } from "@/lib/openhands/sandboxes/types";
import { formatBytes, formatCpu, formatPercent } from "./format";
import { Table, num, td } from "@/components/ui/table";

function used(value: number, allocatable: number, fmt: (n: number) => string): string {
  return allocatable > 0 ? `${fmt(value)} of ${fmt(allocatable)} (${formatPercent(share(value, allocatable))})` : fmt(value);
}

/** Sandbox requests and limits per node pool against the pool's allocatable capacity. */
export function PoolCapacity({ pools }: { pools: PoolUsage[] }) {
  return (
    <Table label="Sandboxes per node pool" head={["Pool", "Nodes", "Running", "Pending", "Error", "CPU requests", "CPU limits", "Memory requests", "Memory limits"]}>
      {pools.map((p) => (
        <tr key={p.pool} data-pool={p.pool}>
          <td className={td}>{p.pool}</td>
          <td className={num}>{p.nodes}</td>
          <td className={num}>{p.running}</td>
          <td className={num}>{p.pending}</td>
          <td className={num}>{p.error}</td>
          <td className={num}>{used(p.cpuRequestMillis, p.allocatableCpuMillis, formatCpu)}</td>
          <td className={num}>{used(p.cpuLimitMillis, p.allocatableCpuMillis, formatCpu)}</td>
          <td className={num}>{used(p.memoryRequestBytes, p.allocatableMemoryBytes, formatBytes)}</td>
          <td className={num}>{used(p.memoryLimitBytes, p.allocatableMemoryBytes, formatBytes)}</td>
        </tr>
      ))}
    </Table>
  );
}
