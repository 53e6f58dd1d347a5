import type { NextConfig } from "next";

// The console runs behind `next start` (launcher) or as a container (standalone output).
// Server-only packages with native/wasm parts stay external so Turbopack does not bundle them.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg", "ioredis", "@electric-sql/pglite", "@kubernetes/client-node", "@azure/identity"],
};

export default nextConfig;
