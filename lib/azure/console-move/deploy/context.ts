/**
 * What the console's deploy steps work with: the plan's `console` settings, the environment's
 * resource group, and Kubernetes clients from the cluster's USER kubeconfig, fetched from ARM
 * (listClusterUserCredential) at the start of every step run and never stored — as setup's deploy
 * steps do (steps/kubernetes/context.ts).
 */
import { clusterUserKubeconfig } from "@/lib/azure/provisioning/steps/kubernetes";
import { kubeClients, type KubeApplyContext } from "@/lib/azure/provisioning/steps/kubernetes/context";
import { DeployError } from "@/lib/azure/provisioning/steps/kubernetes/errors";
import type { DesiredConsole, DesiredPlan, StepContext } from "@/lib/azure/provisioning/steps/types";

export interface ConsoleDeployContext extends KubeApplyContext {
  console: DesiredConsole;
  resourceGroup: string;
}

export async function openConsoleDeployContext(step: StepContext, plan: DesiredPlan): Promise<ConsoleDeployContext> {
  const desired = plan.console;
  const resourceGroup = plan.environment.resourceGroup;
  if (!desired || !resourceGroup) throw new DeployError("PlanIncomplete", "The stored plan has no console settings; start \"Move the console\" again from Settings");
  const kubeconfig = await clusterUserKubeconfig(step, resourceGroup, desired.cluster);
  return { step, console: desired, resourceGroup, kube: kubeClients(kubeconfig), target: { cluster: desired.cluster } };
}
