/**
 * Fault injection for testing the console's reliability: "the next N calls matching M fail with
 * code C", throttle with 429 + Retry-After, stall, or let the LRO a call starts fail midway.
 * Rules come from the loopback control API or <dataDir>/azure/faults.json.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { ArmError } from "./errors";

/** Azure's usual HTTP status for an error code, when the rule does not give one. */
const statusOfCode: Record<string, number> = {
  QuotaExceeded: 409,
  SkuNotAvailable: 409,
  Conflict: 409,
  OperationNotAllowed: 409,
  InternalServerError: 500,
  ServiceUnavailable: 503,
  GatewayTimeout: 504,
  TooManyRequests: 429,
  ResourceNotFound: 404,
  AuthorizationFailed: 403,
};

const matchSchema = z
  .object({
    method: z.enum(["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"]).optional(),
    /** Case-insensitive substring of the request path, e.g. "/managedClusters/". */
    path: z.string().min(1).optional(),
  })
  .strict();

const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("error"), code: z.string().min(1), message: z.string().optional(), status: z.number().int().min(400).max(599).optional() }).strict(),
  z.object({ type: z.literal("throttle"), retryAfterSeconds: z.number().int().min(0).max(3600).default(1) }).strict(),
  z.object({ type: z.literal("stall"), ms: z.number().int().min(1).max(600_000) }).strict(),
  z.object({ type: z.literal("failLro"), code: z.string().min(1), message: z.string().optional() }).strict(),
]);

export const faultRuleSchema = z
  .object({
    id: z.string().optional(),
    match: matchSchema.default({}),
    /** How many matching calls the rule affects. */
    count: z.number().int().min(1).max(10_000).default(1),
    action: actionSchema,
  })
  .strict();
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultAction = z.infer<typeof actionSchema>;
export interface FaultRule {
  id: string;
  match: z.infer<typeof matchSchema>;
  remaining: number;
  action: FaultAction;
}

export const faultFileSchema = z.object({ rules: z.array(faultRuleSchema) }).strict();

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(input: unknown): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { id: parsed.id ?? randomUUID(), match: parsed.match, remaining: parsed.count, action: parsed.action };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  loadFile(file: string): number {
    if (!existsSync(file)) return 0;
    const parsed = faultFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    for (const r of parsed.rules) this.add(r);
    return parsed.rules.length;
  }

  /** Consume the first rule matching this call, if any. */
  take(method: string, path: string): FaultAction | undefined {
    const lower = path.toLowerCase();
    const rule = this.rules.find(
      (r) => (!r.match.method || r.match.method === method) && (!r.match.path || lower.includes(r.match.path.toLowerCase())),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.action;
  }
}

/** The ArmError an error/throttle fault answers with. */
export function faultError(action: FaultAction): ArmError | undefined {
  if (action.type === "error") {
    const status = action.status ?? statusOfCode[action.code] ?? 400;
    return new ArmError(status, action.code, action.message ?? `Injected fault: ${action.code}.`);
  }
  if (action.type === "throttle") {
    return new ArmError(
      429,
      "TooManyRequests",
      "The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00. For more information, refer to - https://aka.ms/srpthrottlinglimits",
      { headers: { "Retry-After": String(action.retryAfterSeconds) } },
    );
  }
  return undefined;
}
