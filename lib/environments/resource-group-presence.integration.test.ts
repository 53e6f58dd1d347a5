/**
 * A resource group deleted outside the console, through the local Azure's ARM API with the public
 * SDK (as `az group delete` would): the console's presence check says "missing" from ARM's 404
 * ResourceGroupNotFound, a read inside the group is recognised as that, and another ARM failure
 * stays "unknown" instead of being taken for a deletion. Local Azure on ARM 49571 / Entra 49572,
 * loopback octet 49.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armClients } from "@/lib/azure/clients";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import { isResourceGroupNotFound, resourceGroupPresence } from "./resource-group-presence";

const RG = "rg-openhands-gone";
let stack: DataPlaneStack;

beforeAll(async () => {
  stack = await startDataPlaneStack({ armPort: 49571, entraPort: 49572, loopbackOctet: 49, dataDirPrefix: "rg-presence-", resourceGroup: RG, providers: ["Microsoft.Storage"] });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe("resource group presence", () => {
  it("is present, then missing once the group is deleted outside the console", async () => {
    expect(await resourceGroupPresence(stack.arm, stack.subscriptionId, RG)).toEqual({ state: "present" });

    await stack.arm.resources.resourceGroups.beginDeleteAndWait(RG, { updateIntervalInMs: 20 });

    // Remembered for a minute (the picker's look); a fresh look (the Overview's) asks ARM again.
    expect(await resourceGroupPresence(stack.arm, stack.subscriptionId, RG)).toEqual({ state: "present" });
    expect(await resourceGroupPresence(stack.arm, stack.subscriptionId, RG, { fresh: true })).toEqual({ state: "missing" });
    expect(await resourceGroupPresence(stack.arm, stack.subscriptionId, RG)).toEqual({ state: "missing" });

    // What the Overview tiles meet when they read a resource inside the deleted group.
    const inside = await stack.arm.storage.storageAccounts.getProperties(RG, "stopenhandsgone").then(() => null, (e: unknown) => e);
    expect({ status: (inside as { statusCode?: number }).statusCode, code: (inside as { code?: string }).code }).toEqual({ status: 404, code: "ResourceGroupNotFound" });
    expect(isResourceGroupNotFound(inside)).toBe(true);
  });

  it("says unknown, not missing, when ARM refuses for another reason", async () => {
    const foreign = "00000000-0000-4000-8000-00000000dead";
    const other = armClients({ subscriptionId: foreign, credential: stack.credential, endpoint: stack.endpoint });
    const presence = await resourceGroupPresence(other, foreign, "rg-anything", { fresh: true });
    expect(presence.state).toBe("unknown");
  });
});
