/** What a node pool asks of the compute quota: size, node count and zones (request over stored values). */
import type { PoolProperties } from "./model";

export function nodeDemand(id: string, request: PoolProperties, previous?: Record<string, unknown>): { id: string; vmSize: string; count: number; zones?: string[] } {
  const zones = request.availabilityZones ?? (previous?.availabilityZones as string[] | undefined);
  return {
    id,
    vmSize: request.vmSize ?? (previous?.vmSize as string | undefined) ?? "Standard_D4ds_v5",
    count: request.count ?? (previous?.count as number | undefined) ?? 1,
    ...(zones ? { zones } : {}),
  };
}
