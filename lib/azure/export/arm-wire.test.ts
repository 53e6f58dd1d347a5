/**
 * The wire shapes `armWireBody` computes must be exactly what the real SDK clients send for the
 * same planned bodies (captured in process through the clients' transport hook; nothing leaves).
 */
import { describe, expect, it } from "vitest";
import type { HttpClient, PipelineRequest } from "@azure/core-rest-pipeline";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { ARM_SCOPE, armClients } from "@/lib/azure/clients";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import type { PlannedResource } from "@/lib/azure/provisioning/plan-types";
import { putPlannedResource } from "@/lib/azure/provisioning/testing/put-planned";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { armWireBody } from "./arm-wire";

const ENDPOINT = "https://arm.invalid";
const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Records every PUT body and answers 200 Succeeded, so pollers finish at once. */
function recorder() {
  const puts = new Map<string, unknown>();
  const apiVersions = new Map<string, string | null>();
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      const path = new URL(request.url).pathname;
      if (request.method === "PUT") {
        puts.set(path.toLowerCase(), JSON.parse(String(request.body)));
        apiVersions.set(path.toLowerCase(), new URL(request.url).searchParams.get("api-version"));
      }
      const body = JSON.stringify({ id: path, name: path.split("/").pop(), properties: { provisioningState: "Succeeded" } });
      return { request, status: 200, headers: createHttpHeaders({ "content-type": "application/json" }), bodyAsText: body };
    },
  };
  return { puts, apiVersions, httpClient };
}

async function sendWithSdk(r: PlannedResource, subscriptionId: string, httpClient: HttpClient): Promise<void> {
  const c = armClients({ subscriptionId, credential, endpoint: ENDPOINT, httpClient });
  const dns = new PrivateDnsManagementClient(credential, subscriptionId, { endpoint: ENDPOINT, credentialScopes: [ARM_SCOPE], httpClient });
  await putPlannedResource(c, dns, r);
}

describe("armWireBody", () => {
  for (const redis of ["Premium", "Standard"] as const) {
    it(`equals the SDKs' wire bodies for every resource of the plan (Redis ${redis})`, async () => {
      const plan = buildPlan(makeSetupInput({ sizing: { redis: { sku: redis, capacity: 1 } }, environment: { alertEmail: "ops@example.com" } }));
      const { puts, apiVersions, httpClient } = recorder();
      for (const r of plan.resources) {
        await sendWithSdk(r, plan.environment.subscriptionId, httpClient);
        const sent = puts.get(r.id.toLowerCase());
        expect(sent, `${r.key}: the SDK sent no PUT to ${r.id}`).toBeDefined();
        expect(armWireBody(r), r.key).toEqual(sent);
        // The exports name the api-version the console's SDK actually uses.
        expect(apiVersions.get(r.id.toLowerCase()), `${r.key} api-version`).toBe(r.apiVersion);
      }
    });
  }
});
