/** All preflight rules over one target and what was observed: pure, in a stable order. */
import { addressSpaceChecks } from "./rules/address-space";
import { postgresTlsCheck, postgresVersionCheck, redisPlainPortCheck } from "./rules/compatibility";
import { kubernetesVersionCheck } from "./rules/kubernetes-version";
import { nameChecks } from "./rules/names";
import { permissionCheck } from "./rules/permissions";
import { providerChecks } from "./rules/providers";
import { quotaChecks } from "./rules/quota";
import { skuChecks } from "./rules/skus";
import type { PreflightCheck, PreflightObservations, PreflightTarget } from "./types";

export function evaluatePreflight(target: PreflightTarget, observed: PreflightObservations): PreflightCheck[] {
  return [
    ...providerChecks(target, observed.providers),
    permissionCheck(target, observed.permissions),
    ...quotaChecks(target, observed.usages, observed.vmSkus, observed.existingPools),
    ...skuChecks(target, observed.vmSkus),
    kubernetesVersionCheck(target, observed.kubernetesVersions),
    ...nameChecks(target, observed.names),
    ...addressSpaceChecks(target),
    postgresVersionCheck(target),
    postgresTlsCheck(target),
    redisPlainPortCheck(target),
  ].filter((c): c is PreflightCheck => c !== undefined);
}
