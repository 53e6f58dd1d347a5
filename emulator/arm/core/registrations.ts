/**
 * Resource-provider registration per subscription. "Registering" turns into "Registered" after
 * the scaled register duration, evaluated lazily so it needs no timer and survives restarts.
 */
import { scaledDurationMs } from "./durations";
import type { RegistrationState } from "./store";
import type { ArmEnvironment, ResourceProvider } from "./types";

export function registrationState(env: ArmEnvironment, subscriptionId: string, provider: ResourceProvider): RegistrationState {
  const record = env.store.registration(subscriptionId, provider.namespace);
  if (!record) return provider.registeredByDefault ? "Registered" : "NotRegistered";
  if (record.state === "Registering" && record.dueAt !== undefined && env.now().getTime() >= record.dueAt) {
    env.store.setRegistration(subscriptionId, provider.namespace, { state: "Registered" });
    return "Registered";
  }
  return record.state;
}

export function startRegistration(env: ArmEnvironment, subscriptionId: string, provider: ResourceProvider): RegistrationState {
  const current = registrationState(env, subscriptionId, provider);
  if (current === "Registered" || current === "Registering") return current;
  const ms = scaledDurationMs("Microsoft.Resources/providers/register", env.settings.timeScale);
  if (ms === 0) {
    env.store.setRegistration(subscriptionId, provider.namespace, { state: "Registered" });
    return "Registered";
  }
  env.store.setRegistration(subscriptionId, provider.namespace, { state: "Registering", dueAt: env.now().getTime() + ms });
  return "Registering";
}

export function findProvider(env: ArmEnvironment, namespace: string): ResourceProvider | undefined {
  const lower = namespace.toLowerCase();
  return env.providers.find((p) => p.namespace.toLowerCase() === lower);
}
