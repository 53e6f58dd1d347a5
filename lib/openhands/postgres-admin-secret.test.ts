import { describe, expect, it } from "vitest";
import { POSTGRES_PASSWORD_SECRET } from "@/lib/azure/provisioning/plan-openhands";
import { postgresAdminSecret } from "./postgres-admin-secret";

describe("where the PostgreSQL admin password lives", () => {
  it("names the Kubernetes Secret setup writes it to, and the kubectl command that reads it", () => {
    const s = postgresAdminSecret({ resourceGroup: "rg-openhands-prod", names: { aksCluster: "aks-openhands-prod", postgresServer: "db-openhands-prod-abcde" }, openhands: { namespace: "openhands" } });
    expect(s).toMatchObject({ login: "ohadmin", namespace: "openhands", secretName: "postgres-password", key: "password", server: "db-openhands-prod-abcde" });
    expect(s.commands).toEqual([
      "az aks get-credentials --resource-group rg-openhands-prod --name aks-openhands-prod",
      "kubectl get secret postgres-password -n openhands -o jsonpath='{.data.password}' | base64 -d",
    ]);
    expect(POSTGRES_PASSWORD_SECRET).toEqual({ name: s.secretName, key: s.key });
  });
});
