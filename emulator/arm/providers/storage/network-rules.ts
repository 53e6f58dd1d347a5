/**
 * A storage account's virtual-network rules must name existing subnets that have the
 * Microsoft.Storage service endpoint, as Azure checks (NetworkAclsValidationFailure with the
 * inner reason SubnetsHaveNoServiceEndpointsConfigured).
 */
import { ArmError } from "../../core/errors";
import { parseResourceId } from "../../core/paths";
import type { ArmEnvironment } from "../../core/types";
import type { SettableProperties } from "./account-body";

function vnetNameOf(subnetId: string): string {
  return /\/virtualNetworks\/([^/]+)\/subnets\//i.exec(subnetId)?.[1] ?? "";
}

export function checkVirtualNetworkRules(env: ArmEnvironment, props: SettableProperties | undefined): void {
  for (const rule of props?.networkAcls?.virtualNetworkRules ?? []) {
    const subnet = env.store.get(rule.id);
    const name = parseResourceId(rule.id)?.name ?? rule.id;
    if (!subnet || String(subnet.body.type).toLowerCase() !== "microsoft.network/virtualnetworks/subnets") {
      throw new ArmError(400, "NetworkAclsValidationFailure", `Validation of network acls failure: SubnetsNotFound:Subnet ${name} of virtual network ${vnetNameOf(rule.id)} was not found.`);
    }
    const endpoints = (subnet.body.properties as { serviceEndpoints?: Array<{ service?: string }> } | undefined)?.serviceEndpoints ?? [];
    if (!endpoints.some((e) => e.service?.toLowerCase() === "microsoft.storage" || e.service?.toLowerCase() === "microsoft.storage.global")) {
      throw new ArmError(
        400,
        "NetworkAclsValidationFailure",
        `Validation of network acls failure: SubnetsHaveNoServiceEndpointsConfigured:Subnets ${name} of virtual network ${vnetNameOf(rule.id)} do not have ServiceEndpoints for Microsoft.Storage resources configured. Add Microsoft.Storage to subnet's ServiceEndpoints collection before trying to ACL Microsoft.Storage resources to these subnets..`,
      );
    }
  }
}
