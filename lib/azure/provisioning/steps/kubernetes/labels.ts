/** Labels every object the console deploys carries (so `kubectl get -l` finds them). */
export const MANAGED_LABELS = { "app.kubernetes.io/managed-by": "openhands-console", "app.kubernetes.io/part-of": "openhands" } as const;

/** The app's pod labels; `app: openhands` is what the chart, support bundles and dashboards select. */
export const APP_LABELS = { app: "openhands", "app.kubernetes.io/name": "openhands" } as const;

export const APP_NAME = "openhands";
export const CONFIG_MAP_NAME = "openhands-config";
export const RUNTIME_API_SERVICE_ACCOUNT = "openhands-runtime-api";
export const SANDBOX_MANAGER_ROLE = "openhands-sandbox-manager";
/** Pod template annotation: a hash of the configuration and secrets, so a change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = "openhands.dev/config-checksum";
