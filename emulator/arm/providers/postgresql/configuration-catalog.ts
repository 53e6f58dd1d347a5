/**
 * The server parameters ("configurations") the local PostgreSQL flexible server knows, with the
 * data types, allowed values and defaults Azure shows for them, and value validation. A real
 * server has ~400; these are the ones the console reads or changes, plus a few common ones.
 */
import type { RuleProblem } from "./server-rules";
import { skuVCores } from "./server-rules";

export type ConfigurationDataType = "Boolean" | "Integer" | "Numeric" | "Enumeration" | "String" | "Set";

export interface ConfigurationSpec {
  name: string;
  description: string;
  dataType: ConfigurationDataType;
  /** Azure's `allowedValues`: "on,off", "25-5000", a comma list for Enumeration/Set, "" for free strings. */
  allowedValues: string;
  /** Default value; may depend on the server's SKU. */
  defaultValue(ctx: { skuName: string; version: string }): string;
  /** Dynamic parameters apply at once; static ones need a restart (isConfigPendingRestart). */
  isDynamicConfig: boolean;
  isReadOnly?: boolean;
  unit?: string;
  docs: string;
}

const docs = (version: string, page: string) => `https://www.postgresql.org/docs/${version}/${page}`;

const EXTENSIONS = [
  "address_standardizer", "amcheck", "azure_storage", "bloom", "btree_gin", "btree_gist", "citext", "cube", "dblink", "dict_int", "earthdistance", "fuzzystrmatch", "hstore",
  "intarray", "isn", "lo", "ltree", "pg_buffercache", "pg_cron", "pg_partman", "pg_prewarm", "pg_stat_statements", "pg_trgm", "pgaudit", "pgcrypto", "pgrowlocks", "pgstattuple",
  "plpgsql", "postgis", "postgres_fdw", "tablefunc", "timescaledb", "unaccent", "uuid-ossp", "vector",
];
const PRELOAD_LIBRARIES = ["auto_explain", "azure_storage", "pg_cron", "pg_failover_slots", "pg_hint_plan", "pg_partman_bgw", "pg_prewarm", "pg_squeeze", "pg_stat_statements", "pgaudit", "pglogical", "timescaledb", "wal2json"];

/**
 * Azure's default max_connections per compute, from the table "Maximum connections" in
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-limits (it follows the
 * memory: 2 GiB → 50, 4 → 429, 8 → 859, 16 → 1718, 32 → 3437, 48 GiB and more → 5000).
 * Burstable SKUs are listed by name; General Purpose (D…) have 4 GiB and Memory Optimized (E…)
 * 8 GiB per vCore.
 */
const BURSTABLE_MAX_CONNECTIONS: Record<string, number> = {
  standard_b1ms: 50, standard_b2s: 429, standard_b2ms: 859, standard_b4ms: 1718, standard_b8ms: 3437, standard_b12ms: 5000, standard_b16ms: 5000, standard_b20ms: 5000,
};

function maxConnectionsForMemory(gib: number): number {
  if (gib <= 2) return 50;
  if (gib <= 4) return 429;
  if (gib <= 8) return 859;
  if (gib <= 16) return 1718;
  if (gib <= 32) return 3437;
  return 5000;
}

export function defaultMaxConnections(skuName: string): string {
  const burstable = BURSTABLE_MAX_CONNECTIONS[skuName.toLowerCase()];
  if (burstable !== undefined) return String(burstable);
  const gibPerVCore = /^Standard_E/i.test(skuName) ? 8 : 4;
  return String(maxConnectionsForMemory(skuVCores(skuName) * gibPerVCore));
}

export const CONFIGURATIONS: readonly ConfigurationSpec[] = [
  { name: "array_nulls", description: "Enables input of NULL (case insensitive) to be considered as NULL value rather than the literal String 'NULL'.", dataType: "Boolean", allowedValues: "on,off", defaultValue: () => "on", isDynamicConfig: true, docs: "runtime-config-compatible.html#GUC-ARRAY-NULLS" },
  { name: "azure.extensions", description: "Specifies which extensions are allowed to be created in the server.", dataType: "Set", allowedValues: EXTENSIONS.join(","), defaultValue: () => "", isDynamicConfig: true, docs: "external-extensions.html" },
  { name: "idle_in_transaction_session_timeout", description: "Sets the maximum allowed duration of any idling transaction.", dataType: "Integer", allowedValues: "0-2147483647", defaultValue: () => "0", isDynamicConfig: true, unit: "milliseconds", docs: "runtime-config-client.html#GUC-IDLE-IN-TRANSACTION-SESSION-TIMEOUT" },
  { name: "log_min_duration_statement", description: "Sets the minimum execution time above which statements will be logged. -1 disables logging statement durations.", dataType: "Integer", allowedValues: "-1-2147483647", defaultValue: () => "-1", isDynamicConfig: true, unit: "milliseconds", docs: "runtime-config-logging.html#GUC-LOG-MIN-DURATION-STATEMENT" },
  { name: "max_connections", description: "Sets the maximum number of concurrent connections to the database server.", dataType: "Integer", allowedValues: "25-5000", defaultValue: ({ skuName }) => defaultMaxConnections(skuName), isDynamicConfig: false, docs: "runtime-config-connection.html#GUC-MAX-CONNECTIONS" },
  { name: "password_encryption", description: "Determines the algorithm to use to encrypt the password.", dataType: "Enumeration", allowedValues: "md5,scram-sha-256", defaultValue: () => "scram-sha-256", isDynamicConfig: true, docs: "runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION" },
  { name: "pg_stat_statements.track", description: "Controls which statements are counted by pg_stat_statements.", dataType: "Enumeration", allowedValues: "top,all,none", defaultValue: () => "none", isDynamicConfig: true, docs: "pgstatstatements.html#PGSTATSTATEMENTS-CONFIG-PARAMS" },
  { name: "require_secure_transport", description: "Whether client connections to the server are required to use some form of secure transport.", dataType: "Boolean", allowedValues: "on,off", defaultValue: () => "on", isDynamicConfig: true, docs: "runtime-config-connection.html" },
  { name: "shared_buffers", description: "Sets the number of shared memory buffers used by the server. Unit is 8kb.", dataType: "Integer", allowedValues: "16-1073741823", defaultValue: ({ skuName }) => String(skuVCores(skuName) * 65536), isDynamicConfig: false, unit: "8KB", docs: "runtime-config-resource.html#GUC-SHARED-BUFFERS" },
  { name: "shared_preload_libraries", description: "Sets which shared libraries are preloaded at server start.", dataType: "Set", allowedValues: PRELOAD_LIBRARIES.join(","), defaultValue: () => "pg_cron,pg_stat_statements", isDynamicConfig: false, docs: "runtime-config-client.html#GUC-SHARED-PRELOAD-LIBRARIES" },
  { name: "ssl_min_protocol_version", description: "Sets the minimum SSL/TLS protocol version to use.", dataType: "Enumeration", allowedValues: "TLSv1.2,TLSv1.3", defaultValue: () => "TLSv1.2", isDynamicConfig: true, docs: "runtime-config-connection.html#GUC-SSL-MIN-PROTOCOL-VERSION" },
  { name: "timezone", description: "Sets the time zone for displaying and interpreting time stamps.", dataType: "String", allowedValues: "[A-Za-z0-9/+_-]+", defaultValue: () => "UTC", isDynamicConfig: true, docs: "runtime-config-client.html#GUC-TIMEZONE" },
  { name: "work_mem", description: "Sets the amount of memory to be used by internal sort operations and hash tables before writing to temporary disk files.", dataType: "Integer", allowedValues: "4096-2097151", defaultValue: () => "4096", isDynamicConfig: true, unit: "KB", docs: "runtime-config-resource.html#GUC-WORK-MEM" },
];

/**
 * Every parameter's value in effect as ARM reports it: the changed value where one is stored,
 * else the default for the server's SKU and version. This is what the engine starts with.
 */
export function effectiveParameters(ctx: { skuName: string; version: string }, changed: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const spec of CONFIGURATIONS) values[spec.name] = changed[spec.name] ?? spec.defaultValue(ctx);
  return values;
}

export function findConfiguration(name: string): ConfigurationSpec | undefined {
  const lower = name.toLowerCase();
  return CONFIGURATIONS.find((c) => c.name === lower);
}

export function documentationLink(spec: ConfigurationSpec, version: string): string {
  return docs(version, spec.docs);
}

/** Azure's error for a value outside `allowedValues`, or null when the value is allowed. */
export function configurationValueProblem(spec: ConfigurationSpec, value: string): RuleProblem | null {
  const invalid = (): RuleProblem => ({
    code: "InvalidParameterValue",
    message: `The value '${value}' for configuration '${spec.name}' is not valid. Allowed values: ${spec.allowedValues || "any string"}.`,
    target: "properties.value",
  });
  if (spec.isReadOnly) return { code: "ConfigurationIsReadOnly", message: `The configuration '${spec.name}' is read-only.`, target: "configurationName" };
  switch (spec.dataType) {
    case "Boolean":
      return ["on", "off"].includes(value.toLowerCase()) ? null : invalid();
    case "Enumeration":
      return spec.allowedValues.split(",").some((v) => v.toLowerCase() === value.toLowerCase()) ? null : invalid();
    case "Set": {
      if (value.trim() === "") return null;
      const allowed = new Set(spec.allowedValues.split(",").map((v) => v.toLowerCase()));
      return value.split(",").every((v) => allowed.has(v.trim().toLowerCase())) ? null : invalid();
    }
    case "Integer":
    case "Numeric": {
      const m = /^(-?\d+)-(-?\d+)$/.exec(spec.allowedValues);
      const pattern = spec.dataType === "Integer" ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      if (!m || !pattern.test(value)) return invalid();
      const n = Number(value);
      return n >= Number(m[1]) && n <= Number(m[2]) ? null : invalid();
    }
    case "String":
      return new RegExp(`^${spec.allowedValues}$`).test(value) ? null : invalid();
  }
}

/** Azure stores Booleans lowercase and Set members as given, trimmed. */
export function normaliseConfigurationValue(spec: ConfigurationSpec, value: string): string {
  if (spec.dataType === "Boolean") return value.toLowerCase();
  if (spec.dataType === "Set") return value.split(",").map((v) => v.trim()).filter(Boolean).join(",");
  return value;
}
