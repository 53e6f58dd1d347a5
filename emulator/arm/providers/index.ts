/** The providers the local Azure serves. Add new providers here (see ../README.md). */
import type { ResourceProvider } from "../core/types";
import { createContainerServiceProvider, type KubernetesApiHook } from "./container-service";
import { createNetworkProvider } from "./network";
import { createPostgresProvider, type PostgresDataPlane } from "./postgresql";
import { createRedisProvider, type RedisDataPlane } from "./redis";
import { createAuthorizationProvider } from "./authorization";
import { createComputeProvider } from "./compute";
import { createStorageProvider } from "./storage";
import { createResourcesProvider } from "./resources";
import { createInsightsProvider, type MetricSource } from "./insights";
import { createManagedIdentityProvider, identityPrincipalIds } from "./managed-identity";
import type { ArmEnvironment } from "../core/types";

/** Runtime hooks providers accept from other parts of the local stack. */
export interface ProviderHooks {
  /** The Kubernetes API behind each AKS cluster (emulator/kubernetes); placeholder when absent. */
  kubernetesApi?: KubernetesApiHook;
  /** The real database behind each PostgreSQL flexible server (providers/postgresql/data-plane.ts); loopback hosts when absent. */
  postgresDataPlane?: PostgresDataPlane;
  /** The real redis-server behind each cache (providers/redis/data-plane.ts); loopback hosts when absent. */
  redisDataPlane?: RedisDataPlane;
  /** Real metric values (e.g. Redis INFO, PostgreSQL connections) preferred over the metric model (providers/insights/metric-source.ts). */
  metricSources?: MetricSource[];
}

export interface ProviderContext {
  locations: string[];
  /** PEM of the local CA. */
  caPem: string;
  hooks: ProviderHooks;
  log?: (line: string) => void;
  /** Object ids of the stack identity's principals (apps, demo users): role assignments may name them. */
  principals?: readonly string[];
  /** The stack identity's subscription roles (core/assignments.ts): listed by roleAssignments as Azure lists every assignment. */
  stackAssignments?: readonly { principalId: string; role: string }[];
}

export function defaultProviders(ctx: ProviderContext): ResourceProvider[] {
  return [
    createResourcesProvider(ctx.locations),
    createStorageProvider(ctx.locations),
    // The directory knows the stack identity's principals and every user-assigned identity's service principal.
    createAuthorizationProvider((env: ArmEnvironment) => new Set([...(ctx.principals ?? []), ...identityPrincipalIds(env)].map((p) => p.toLowerCase())), ctx.stackAssignments ?? []),
    createManagedIdentityProvider(ctx.locations),
    createComputeProvider(ctx.locations),
    createNetworkProvider(ctx.locations),
    createContainerServiceProvider({
      locations: ctx.locations,
      caPem: ctx.caPem,
      ...(ctx.hooks.kubernetesApi ? { kubernetesApi: ctx.hooks.kubernetesApi } : {}),
      ...(ctx.log ? { log: ctx.log } : {}),
    }),
    createPostgresProvider(ctx.locations, ctx.hooks.postgresDataPlane, ctx.log),
    createRedisProvider(ctx.locations, ctx.hooks.redisDataPlane, ctx.log),
    createInsightsProvider(ctx.locations, ctx.hooks.metricSources),
  ];
}
