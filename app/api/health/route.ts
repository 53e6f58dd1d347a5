/**
 * Liveness probe for the launcher, Kubernetes and load balancers. Deliberately unauthenticated
 * (probes carry no identity) and so it reveals nothing but "up": no versions, no configuration.
 */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
