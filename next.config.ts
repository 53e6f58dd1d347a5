import type { NextConfig } from "next";

// The console runs behind `next start` (launcher) or as a container (standalone output).
// Server-only packages with native/wasm parts stay external so Turbopack does not bundle them.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The container image (Dockerfile) runs .next/standalone/server.js with only the traced files.
  output: "standalone",
  // Read at start-up from disk (instrumentation-node.ts), so tracing cannot see them: ship them.
  outputFileTracingIncludes: { "/*": ["./lib/store/migrations/*.sql"] },
  // `npm test` type-checks the whole repo (tsc --noEmit) before it builds; checking again inside
  // `next build` would only repeat that and cost ~20 s and memory on every build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "ioredis", "@electric-sql/pglite", "@kubernetes/client-node", "@azure/identity"],
};

export default nextConfig;
