/**
 * The kubeconfig AKS hands out (listClusterUserCredential returns it base64-encoded): one
 * cluster with the API server URL and CA, one user with a bearer token, one context.
 */
import yaml from "js-yaml";

export interface KubeconfigOptions {
  /** https://127.0.0.x:port of the cluster's API server. */
  server: string;
  /** PEM of the CA that signed the API server's certificate. */
  caPem: string;
  token: string;
  /** User entry name, e.g. "clusterUser_<rg>_<cluster>" as AKS names it. */
  user: string;
  /** Context/cluster entry name (default: the cluster name). */
  contextName?: string;
  namespace?: string;
}

export function kubeconfigFor(cluster: { name: string }, opts: KubeconfigOptions): string {
  const name = opts.contextName ?? cluster.name;
  return yaml.dump(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name, cluster: { "certificate-authority-data": Buffer.from(opts.caPem).toString("base64"), server: opts.server } }],
      contexts: [{ name, context: { cluster: name, user: opts.user, ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
      "current-context": name,
      preferences: {},
      users: [{ name: opts.user, user: { token: opts.token } }],
    },
    { lineWidth: -1 },
  );
}
