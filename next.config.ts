import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

// The console runs behind `next start` (launcher) or as a container (standalone output).
// Server-only packages with native/wasm parts stay external so Turbopack does not bundle them.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image (Dockerfile) runs .next/standalone/server.js with only the traced files.
  output: "standalone",
  // Read at start-up from disk (instrumentation-node.ts), so tracing cannot see them: ship them.
  outputFileTracingIncludes: { "/*": ["./lib/store/migrations/*.sql"] },
  // Kept on deliberately: `npm test` runs `tsc --noEmit` over the whole repo as its own first stage
  // (scripts/test-all.ts) and stops before the build when it fails, so checking again inside
  // `next build` would only repeat that (~20 s and memory on every build, also on each `npm start`
  // after a change). A build outside `npm test` should run `npm run typecheck` first.
  typescript: { ignoreBuildErrors: true },
  // The OpenTelemetry SDK patches Node's own modules at run time (http, pg…): it must not be bundled.
  serverExternalPackages: ["pg", "ioredis", "@electric-sql/pglite", "@kubernetes/client-node", "@azure/identity", "@azure/monitor-opentelemetry"],
  // Configuration-free security headers on every answer, including those proxy.ts skips (requests
  // with a body); the CSP with its nonce and HSTS (needs CONSOLE_URL) come from proxy.ts.
  headers: async () => [{ source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }],
};

export default nextConfig;
