/** Preflight checks of a provisioning plan (see run.ts) and the register-provider fix. */
export { runPreflight } from "./run";
export { evaluatePreflight } from "./evaluate";
export { gatherObservations, type GatherOptions } from "./gather";
export { targetFromPlan } from "./from-plan";
export { registerProvider, REGISTRABLE_NAMESPACES, type RegistrableNamespace, type ProviderRegistration } from "./register";
export { preflightBlocks } from "./types";
export type { PreflightCheck, PreflightFix, PreflightStatus, PreflightTarget, PreflightObservations } from "./types";
