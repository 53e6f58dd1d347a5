/**
 * A minimal load balancer for the replicas journey: each request goes to the next console in
 * turn (node:http, no stickiness — what an ingress without session affinity does). A console that
 * refuses or drops the connection before answering is skipped and the request goes to the next
 * one, as an ingress stops routing to a dead pod; a request that already got an answer is never
 * sent twice. Counts which console served what.
 */
import http from "node:http";

export interface RoundRobinProxy {
  readonly url: string;
  /** Requests answered, per upstream port. */
  readonly served: Map<number, number>;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startRoundRobinProxy(port: number, upstreams: number[]): Promise<RoundRobinProxy> {
  const served = new Map<number, number>(upstreams.map((p) => [p, 0]));
  let next = 0;
  // No keep-alive towards the consoles: a pooled socket to a killed console would fail a request
  // that a fresh connection sends elsewhere at once.
  const agent = new http.Agent({ keepAlive: false });

  function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, tries: number): void {
    const target = upstreams[next++ % upstreams.length]!;
    const upstream = http.request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      served.set(target, (served.get(target) ?? 0) + 1);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", (err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      if (tries + 1 < upstreams.length) forward(req, res, body, tries + 1);
      else {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`no console answered: ${err.message}`);
      }
    });
    upstream.end(body);
  }

  const handler: http.RequestListener = (req, res) => {
    readBody(req).then(
      (body) => forward(req, res, body, 0),
      () => res.destroy(),
    );
  };
  // "localhost" may resolve to either loopback address in the browser: listen on both.
  const servers = ["127.0.0.1", "::1"].map(() => http.createServer(handler));
  await Promise.all(
    servers.map(
      (server, i) =>
        new Promise<void>((resolve, reject) => {
          server.once("error", reject);
          server.listen(port, i === 0 ? "127.0.0.1" : "::1", resolve);
        }),
    ),
  );
  return {
    url: `http://localhost:${port}`,
    served,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
