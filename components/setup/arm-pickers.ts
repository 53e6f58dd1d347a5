/**
 * Subscriptions and regions for the Environment step, read from ARM with the console's identity.
 * A failed read is returned as a sentence for the page (never a crash, never the raw error).
 */
import { armClients } from "@/lib/azure/clients";
import { config } from "@/lib/config";
import { logServerError, newRequestId } from "@/lib/auth/action";

export interface ArmPickers {
  subscriptions: { id: string; name: string }[];
  locations: { name: string; displayName: string }[];
  problem?: string;
}

export async function loadArmPickers(subscriptionId: string | undefined): Promise<ArmPickers> {
  const start = subscriptionId ?? config().AZURE_SUBSCRIPTION_ID ?? "00000000-0000-0000-0000-000000000000";
  const client = armClients({ subscriptionId: start }).subscriptions;
  try {
    const subscriptions: ArmPickers["subscriptions"] = [];
    for await (const s of client.subscriptions.list()) {
      if (s.subscriptionId && s.state !== "Disabled") subscriptions.push({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId });
    }
    const chosen = subscriptions.find((s) => s.id === subscriptionId)?.id ?? subscriptions.find((s) => s.id === config().AZURE_SUBSCRIPTION_ID)?.id ?? subscriptions[0]?.id;
    const locations: ArmPickers["locations"] = [];
    if (chosen) {
      for await (const l of client.subscriptions.listLocations(chosen)) {
        if (l.name && (l.metadata?.regionType ?? "Physical") === "Physical") locations.push({ name: l.name, displayName: l.displayName ?? l.name });
      }
    }
    locations.sort((a, b) => a.displayName.localeCompare(b.displayName));
    if (subscriptions.length === 0) return { subscriptions, locations, problem: "The console's identity sees no enabled subscription. Grant it access to the subscription setup should use." };
    return { subscriptions, locations };
  } catch (err) {
    const requestId = newRequestId();
    logServerError(requestId, "listing subscriptions/locations", err);
    return { subscriptions: [], locations: [], problem: `Azure Resource Manager could not be read to list subscriptions and regions (reference ${requestId}). Check the console's Azure identity and ARM_ENDPOINT, then reload.` };
  }
}
