/**
 * Can the console reach an environment's private data plane (PostgreSQL, Redis, the AKS API)
 * from where it runs? They have private access inside the environment's VNet, so from a laptop
 * they are not reachable: a short TCP probe says so in words within seconds, instead of a page
 * waiting for a driver's connect timeout and showing "timeout expired".
 */
import net from "node:net";

export type ReachabilityFailure = "dns" | "timeout" | "refused" | "unreachable" | "other";

export type Reachability = { ok: true; ms: number } | { ok: false; failure: ReachabilityFailure; detail: string; ms: number };

/** Default probe deadline: long enough for a cross-region TCP handshake, short enough for a page. */
export const PROBE_TIMEOUT_MS = 2_500;

export function classifyNetworkError(err: unknown): { failure: ReachabilityFailure; detail: string } {
  const code = (err as { code?: unknown } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { failure: "dns", detail };
  if (code === "ETIMEDOUT" || /timed? ?out/i.test(detail)) return { failure: "timeout", detail };
  if (code === "ECONNREFUSED") return { failure: "refused", detail };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return { failure: "unreachable", detail };
  return { failure: "other", detail };
}

/** Opens and closes one TCP connection (no TLS, no login): is anything listening that we can reach? */
export function probeTcp(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<Reachability> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (r: Reachability) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, failure: "timeout", detail: `no answer within ${timeoutMs} ms`, ms: Date.now() - started }));
    socket.once("connect", () => done({ ok: true, ms: Date.now() - started }));
    socket.once("error", (err) => done({ ok: false, ...classifyNetworkError(err), ms: Date.now() - started }));
  });
}

const WHY: Record<ReachabilityFailure, string> = {
  dns: "its host name does not resolve here (it is in the environment's private DNS zone, resolvable only inside the VNet)",
  timeout: "nothing answered (a private address inside the environment's VNet does not route from here)",
  refused: "the host refused the connection (nothing listens on that port, or a firewall rejects it)",
  unreachable: "there is no network route to it from here",
  other: "the connection failed",
};

/**
 * The plain sentence the doctor and the Database/Redis pages show.
 * `service`: e.g. "PostgreSQL server db-openhands-prod-x1y2".
 */
export function describeUnreachable(service: string, host: string, port: number, r: { failure: ReachabilityFailure; detail: string }): string {
  return (
    `${service} (${host}:${port}) is not reachable from where the console runs: ${WHY[r.failure]}. ` +
    "Its data plane is private to the environment's VNet: run the console inside it (on the environment's AKS cluster, see the README's \"Use it with your Azure\"), " +
    `or from a machine with a route into the VNet (VPN, peering). Detail: ${r.detail.split("\n")[0]?.slice(0, 160) ?? ""}`
  );
}
