/**
 * The one factory of Azure Resource Manager clients the console uses. Clients are built lazily
 * and pointed at `ARM_ENDPOINT` (Azure or the local Azure: only configuration differs). The two
 * SDK generations need different options (knowledge/azure.md §2): TypeSpec clients take
 * `endpoint`; autorest clients take `endpoint` plus `credentialScopes`, because they would
 * otherwise ask for a token scoped to the endpoint URL.
 */
import type { TokenCredential } from "@azure/identity";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { MonitorClient } from "@azure/arm-monitor";
import { NetworkManagementClient } from "@azure/arm-network";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { RedisManagementClient } from "@azure/arm-rediscache";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { StorageManagementClient } from "@azure/arm-storage";
import { config } from "@/lib/config";
import { consoleCredential } from "./credential";

export const ARM_SCOPE = "https://management.azure.com/.default";

export interface ArmClientOptions {
  subscriptionId: string;
  /** Default: the console's own identity (`consoleCredential()`). */
  credential?: TokenCredential;
  /** Default: `config().ARM_ENDPOINT`. */
  endpoint?: string;
  /** Transport override (tests and tools); default: the SDK's Node transport. */
  httpClient?: HttpClient;
}

export interface ArmClients {
  /** Subscriptions and their locations (setup wizard pickers). */
  readonly subscriptions: SubscriptionClient;
  readonly resources: ResourceManagementClient;
  readonly containerService: ContainerServiceClient;
  readonly postgres: PostgreSQLManagementFlexibleServerClient;
  readonly redis: RedisManagementClient;
  readonly storage: StorageManagementClient;
  readonly network: NetworkManagementClient;
  /** Private DNS zones and their VNet links (PostgreSQL private access). */
  readonly privateDns: PrivateDnsManagementClient;
  readonly monitor: MonitorClient;
  /** Quota (usages) and VM SKU availability for preflight checks. */
  readonly compute: ComputeManagementClient;
  /** The caller's own permissions (preflight: "can I create resources here?"). */
  readonly authorization: AuthorizationManagementClient;
  /** User-assigned managed identities and their federated credentials (the console's own identity on AKS). */
  readonly msi: ManagedServiceIdentityClient;
  /** Object id (`oid` claim of its ARM token) of the identity these clients call ARM as; undefined when the token has none. */
  callerObjectId(): Promise<string | undefined>;
}

/** The `oid` claim of a JWT, read without verifying it: the token is our own credential's, used only to name ourselves. */
function objectIdOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { oid?: unknown };
    return typeof payload.oid === "string" ? payload.oid : undefined;
  } catch {
    return undefined;
  }
}

export function armClients(opts: ArmClientOptions): ArmClients {
  const endpoint = (opts.endpoint ?? config().ARM_ENDPOINT).replace(/\/+$/, "");
  const credential = opts.credential ?? consoleCredential();
  const transport = opts.httpClient ? { httpClient: opts.httpClient } : {};
  const typespec = { endpoint, ...transport };
  const autorest = { endpoint, credentialScopes: [ARM_SCOPE], ...transport };
  const sub = opts.subscriptionId;

  const built = new Map<string, unknown>();
  function lazy<T>(name: string, make: () => T): T {
    if (!built.has(name)) built.set(name, make());
    return built.get(name) as T;
  }

  return {
    get subscriptions() {
      return lazy("subscriptions", () => new SubscriptionClient(credential, autorest));
    },
    get resources() {
      return lazy("resources", () => new ResourceManagementClient(credential, sub, autorest));
    },
    get containerService() {
      return lazy("containerService", () => new ContainerServiceClient(credential, sub, typespec));
    },
    get postgres() {
      return lazy("postgres", () => new PostgreSQLManagementFlexibleServerClient(credential, sub, autorest));
    },
    get redis() {
      return lazy("redis", () => new RedisManagementClient(credential, sub, autorest));
    },
    get storage() {
      return lazy("storage", () => new StorageManagementClient(credential, sub, typespec));
    },
    get network() {
      return lazy("network", () => new NetworkManagementClient(credential, sub, autorest));
    },
    get privateDns() {
      return lazy("privateDns", () => new PrivateDnsManagementClient(credential, sub, autorest));
    },
    get monitor() {
      return lazy("monitor", () => new MonitorClient(credential, sub, autorest));
    },
    get compute() {
      return lazy("compute", () => new ComputeManagementClient(credential, sub, typespec));
    },
    get authorization() {
      return lazy("authorization", () => new AuthorizationManagementClient(credential, sub, autorest));
    },
    get msi() {
      return lazy("msi", () => new ManagedServiceIdentityClient(credential, sub, autorest));
    },
    async callerObjectId() {
      const token = await credential.getToken(ARM_SCOPE);
      return token ? objectIdOf(token.token) : undefined;
    },
  };
}
