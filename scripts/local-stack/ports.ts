/** Port settings of one local stack, and a clear refusal when one is already taken. */
import net from "node:net";
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);

export const stackSettingsSchema = z.object({
  LOCAL_STACK_DIR: z.string().default(".data"),
  CONSOLE_PORT: port.default(3000),
  ENTRA_PORT: port.default(9443),
  ARM_PORT: port.default(8443),
  PGLITE_PORT: port.default(55432),
  /** Plain-HTTP router for the Ingress hosts of simulated OpenHands deployments (`http://<host>.localhost:<port>`). */
  INGRESS_PORT: port.default(8080),
  /** Second octet of the loopback addresses local databases and caches listen on (127.<n>.10.x). */
  LOOPBACK_OCTET: z.coerce.number().int().min(0).max(255).default(0),
  /** Multiplier of realistic Azure operation durations (1 = demo speed, 0 = instant). */
  LOCAL_AZURE_TIME_SCALE: z.coerce.number().min(0).max(100).optional(),
  /** A real PostgreSQL for the console store instead of embedded PGlite. */
  DATABASE_URL: z.string().optional(),
  /** Use the existing production build as is (CI builds once before the e2e run). */
  SKIP_BUILD: z.enum(["0", "1", "true", "false"]).optional(),
});
export type StackSettings = z.infer<typeof stackSettingsSchema>;

export function readStackSettings(env: NodeJS.ProcessEnv): StackSettings {
  const parsed = stackSettingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid local stack settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function isPortFree(p: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(p, host, () => probe.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const busy: string[] = [];
  for (const [name, p] of Object.entries(ports)) {
    if (!(await isPortFree(p))) busy.push(`${name}=${p}`);
  }
  if (busy.length > 0) {
    throw new Error(
      `Port(s) already in use: ${busy.join(", ")}. Is another local stack running? ` +
        `Stop it, or choose other ports with ${busy.map((b) => b.split("=")[0]).join(", ")}.`,
    );
  }
}
