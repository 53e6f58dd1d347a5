/** Role assignments of the local subscription, from the stack identity (see DESIGN §5/§6). */
import { DEMO_USERS, type StackIdentity } from "../../stack-identity";
import type { ArmRole } from "./types";

export function stackRoleAssignments(identity: StackIdentity, extra: Record<string, ArmRole> = {}): Map<string, ArmRole> {
  const map = new Map<string, ArmRole>();
  map.set(identity.automationApp.objectId, "Owner");
  map.set(identity.consoleApp.objectId, "Contributor");
  for (const user of DEMO_USERS) {
    const oid = identity.users[user.key];
    if (oid && user.armRole) map.set(oid, user.armRole);
  }
  for (const [oid, role] of Object.entries(extra)) map.set(oid, role);
  return map;
}
