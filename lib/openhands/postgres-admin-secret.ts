/**
 * Where the PostgreSQL administrator password of an environment lives, for the admin who needs
 * it: setup generates it, sets it on the flexible server and writes it only into a Kubernetes
 * Secret in the OpenHands namespace (never into the console's store). This names that Secret
 * and the commands that read it with the admin's own Azure and cluster access. Pure.
 */
import { POSTGRES_ADMIN_LOGIN } from "@/lib/azure/provisioning/plan-context";
import { POSTGRES_PASSWORD_SECRET } from "@/lib/azure/provisioning/plan-openhands";

export interface PostgresAdminSecret {
  login: string;
  server: string;
  namespace: string;
  secretName: string;
  key: string;
  /** Run in order: cluster credentials, then the password (decoded). */
  commands: [string, string];
}

export function postgresAdminSecret(t: { resourceGroup: string; names: { aksCluster: string; postgresServer: string }; openhands: { namespace: string } }): PostgresAdminSecret {
  const { name, key } = POSTGRES_PASSWORD_SECRET;
  return {
    login: POSTGRES_ADMIN_LOGIN,
    server: t.names.postgresServer,
    namespace: t.openhands.namespace,
    secretName: name,
    key,
    commands: [
      `az aks get-credentials --resource-group ${t.resourceGroup} --name ${t.names.aksCluster}`,
      `kubectl get secret ${name} -n ${t.openhands.namespace} -o jsonpath='{.data.${key}}' | base64 -d`,
    ],
  };
}
