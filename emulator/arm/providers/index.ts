/** The providers the local Azure serves. Add new providers here (see ../README.md). */
import type { ResourceProvider } from "../core/types";
import { createResourcesProvider } from "./resources";

/** Runtime hooks providers accept from other parts of the local stack. */
export interface ProviderHooks {
  /** placeholder until the ContainerService provider lands */
  [name: string]: unknown;
}

export function defaultProviders(locations: string[], _hooks: ProviderHooks): ResourceProvider[] {
  return [createResourcesProvider(locations)];
}
