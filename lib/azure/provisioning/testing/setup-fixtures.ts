/** Fixture factory for setup inputs in unit tests: a valid team-sized input, overridable per section. */
import { presetSizing } from "@/lib/azure/sizing";
import { setupInputSchema, type SetupInput } from "../setup-input";
import type { PresetName } from "../setup-input";

export const SUBSCRIPTION = "8f1c2a7e-3b4d-4e5f-9a0b-1c2d3e4f5a6b";

export interface SetupOverrides {
  environment?: Record<string, unknown>;
  sizing?: Record<string, unknown>;
  identity?: Record<string, unknown>;
  openhands?: Record<string, unknown>;
  preset?: PresetName;
}

/** The raw (unparsed) wizard input. */
export function rawSetupInput(o: SetupOverrides = {}): Record<string, unknown> {
  return {
    environment: { name: "prod", subscriptionId: SUBSCRIPTION, region: "eastus", ...o.environment },
    sizing: { ...presetSizing(o.preset ?? "team"), ...o.sizing },
    identity: {
      keycloakUrl: "https://auth.example.com",
      clientId: "allhands",
      entraTenantId: "11111111-2222-3333-4444-555555555555",
      entraClientId: "66666666-7777-8888-9999-000000000000",
      ...o.identity,
    },
    openhands: { version: "1.54.0", host: "openhands.example.com", tls: { mode: "cert-manager" }, llm: { model: "anthropic/claude-sonnet-4-5" }, ...o.openhands },
  };
}

export function makeSetupInput(o: SetupOverrides = {}): SetupInput {
  return setupInputSchema.parse(rawSetupInput(o));
}
