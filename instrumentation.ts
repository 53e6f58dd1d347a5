/**
 * Server start-up hook (Next.js calls register() once per server process). The Node-only work
 * lives in ./instrumentation-node so the edge bundle never sees pg or node:fs; the literal
 * `process.env.NEXT_RUNTIME === "nodejs"` test lets the bundler drop that import for edge.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startConsoleServer } = await import("./instrumentation-node");
    await startConsoleServer();
  }
}
