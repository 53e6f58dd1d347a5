/**
 * The local tenant's directory: demo users and the app registrations of one stack identity,
 * and the claims Entra puts in their tokens.
 */
import { DEMO_USERS, type DemoUser, type StackIdentity } from "../stack-identity";

export interface DirectoryUser extends DemoUser {
  oid: string;
}

export interface DirectoryApp {
  name: string;
  clientId: string;
  clientSecret: string;
  objectId: string;
}

export interface Directory {
  tenantId: string;
  spaClientId: string;
  apiAudience: string;
  users: DirectoryUser[];
  apps: DirectoryApp[];
  userByOid(oid: string): DirectoryUser | undefined;
  userByKey(key: string): DirectoryUser | undefined;
  appByClientId(clientId: string): DirectoryApp | undefined;
}

export function buildDirectory(identity: StackIdentity): Directory {
  const users = DEMO_USERS.flatMap((u) => {
    const oid = identity.users[u.key];
    return oid ? [{ ...u, oid }] : [];
  });
  const apps: DirectoryApp[] = [
    { name: "OpenHands Console (server)", ...identity.consoleApp },
    { name: "OpenHands automation", ...identity.automationApp },
  ];
  return {
    tenantId: identity.tenantId,
    spaClientId: identity.spaClientId,
    apiAudience: identity.apiAudience,
    users,
    apps,
    userByOid: (oid) => users.find((u) => u.oid === oid),
    userByKey: (key) => users.find((u) => u.key === key),
    appByClientId: (clientId) => apps.find((a) => a.clientId === clientId),
  };
}

/** Profile claims of a user, as in Entra v2 ID and access tokens. Entra omits `roles` when none are assigned. */
export function userClaims(tenantId: string, user: DirectoryUser): Record<string, string | string[]> {
  return {
    oid: user.oid,
    tid: tenantId,
    name: user.name,
    preferred_username: user.username,
    ver: "2.0",
    ...(user.roles.length > 0 ? { roles: user.roles } : {}),
  };
}
