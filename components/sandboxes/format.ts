/** Number formats of the Sandboxes page (pure, shared by server and client components). */
export function formatCpu(millis: number): string {
  return millis >= 1000 ? `${(millis / 1000).toFixed(millis % 1000 === 0 ? 0 : 1)} cores` : `${millis}m`;
}

export function formatBytes(b: number): string {
  const gi = b / 2 ** 30;
  if (gi >= 1) return `${gi >= 100 ? gi.toFixed(0) : gi.toFixed(1)} GiB`;
  return `${Math.round(b / 2 ** 20)} MiB`;
}

export function formatPercent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

/** Whole dollars from $100 up, cents below; thousands separated ("$4,647"). */
export { formatUsd } from "@/lib/display-format";

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** Keycloak ids are long uuids: the first 8 characters tell them apart in a table. */
export function shortId(id: string | null): string {
  if (!id) return "—";
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}
