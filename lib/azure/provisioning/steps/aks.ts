/**
 * AKS cluster with its three pools in one PUT: system, platform (the app) and sandbox (label
 * and taint `openhands.dev/sandbox=true`), autoscaler on. The slowest step of setup (minutes on
 * Azure): the serialized poller is saved right after the PUT is accepted.
 */
import { restorePoller, type ManagedCluster } from "@azure/arm-containerservice";
import { typespecLro } from "./lro";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

export const managedClusterHandler: ResourceHandler = {
  types: ["Microsoft.ContainerService/managedClusters"],
  apply: (ctx, r) => {
    const clusters = ctx.clients.containerService.managedClusters;
    const opts = { updateIntervalInMs: ctx.pollIntervalMs, abortSignal: ctx.signal };
    return reconcile(ctx, r, {
      get: () => clusters.get(r.resourceGroup, r.name),
      put: () =>
        typespecLro(
          ctx,
          r.key,
          () => clusters.createOrUpdate(r.resourceGroup, r.name, r.armBody as ManagedCluster, opts),
          (state) => restorePoller(ctx.clients.containerService, state, clusters.createOrUpdate, opts),
        ),
      facts: (c) => ({ fqdn: c.fqdn ?? "", kubernetesVersion: c.currentKubernetesVersion ?? c.kubernetesVersion ?? "" }),
    });
  },
};
